import { describe, expect, it } from 'vitest';
import { isInvalidStatisticsError } from '../errors.js';
import { validateExperiment } from '../model/experiment-definition.js';
import { unitsFromTracking } from './tracked-units.js';

const definition = validateExperiment({
  key: 'exp',
  arms: [{ key: 'a' }, { key: 'b' }],
  control: 'a',
  metrics: [
    { key: 'buy', kind: 'binomial' },
    { key: 'revenue', kind: 'mean' },
    { key: 'clicks', kind: 'ratio' },
  ],
});

describe('unitsFromTracking: stored per-unit totals as buildStatistics takes them', () => {
  it('binomial: converted at least once; mean: the sum; ratio: numerator and denominator sums', () => {
    const rows = [
      {
        arm: 'a',
        metrics: {
          buy: { count: 3, sum: 3 },
          revenue: { count: 2, sum: 40 },
          clicks: { count: 4, sum: 4 },
          sessions: { count: 1, sum: 2 },
        },
      },
      { arm: 'b', metrics: {} },
    ];
    expect(unitsFromTracking(definition, rows, { denominators: { clicks: 'sessions' } })).toEqual([
      { arm: 'a', metrics: { buy: 1, revenue: 40, clicks: { value: 4, denominator: 2 } } },
      { arm: 'b', metrics: { buy: 0, revenue: 0, clicks: { value: 0, denominator: 0 } } },
    ]);
  });

  it('a ratio metric without its denominator is refused, naming it', () => {
    let caught: unknown;
    try {
      unitsFromTracking(definition, []);
    } catch (error) {
      caught = error;
    }
    expect(isInvalidStatisticsError(caught)).toBe(true);
    expect(String((caught as Error).message)).toContain('denominators.clicks');
  });
});
