import { describe, expect, it } from 'vitest';
import { sequentialMultiplier } from '../planning/design-multiplier.js';
import { MIXING_RATIO } from './mixing-ratio.js';

describe('the mixing ratio is tuned to the planned size', () => {
  it.each(['two', 'one'] as const)(
    '%s-sided: the chosen ratio costs within 0.5% of the best on a grid',
    (sides) => {
      const grid = [1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 16];
      const costs = grid.map((ratio) => sequentialMultiplier(0.05, 0.8, sides, ratio));
      const best = Math.min(...costs);
      expect(sequentialMultiplier(0.05, 0.8, sides)).toBeLessThanOrEqual(best * 1.005);
      // The curve is flat near its minimum and rises on both sides.
      expect(costs[0]!).toBeGreaterThan(best * 1.1);
      expect(costs[costs.length - 1]!).toBeGreaterThan(best * 1.01);
      expect(MIXING_RATIO[sides]).toBeGreaterThan(0);
    },
  );

  it('keeps continuous monitoring under 1.75 times the fixed-horizon size at α = 0.05, 80% power', () => {
    expect(sequentialMultiplier(0.05, 0.8, 'two')).toBeLessThan(1.75);
    expect(sequentialMultiplier(0.05, 0.8, 'two')).toBeGreaterThan(1.5);
  });
});
