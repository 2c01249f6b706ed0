import { describe, expect, it } from 'vitest';
import { type InvalidStatisticsError, isInvalidStatisticsError } from '../errors.js';
import { threeKinds } from './statistics.test-helper.js';
import type { ExperimentStatistics } from './sufficient-statistics.js';
import { validateStatistics } from './validate-statistics.js';

function arm(units: number) {
  return {
    units,
    metrics: {
      converted: { n: units, sum: 3, sumSquares: 3 },
      revenue: {
        n: units,
        sum: 30,
        sumSquares: 300,
        cappedAt: 25,
        covariate: { sum: 10, sumSquares: 40, crossSum: 50 },
      },
      ctr: {
        n: units,
        sum: 12,
        sumSquares: 40,
        denominator: { sum: 30, sumSquares: 120, crossSum: 50 },
        covariate: { sum: 5, sumSquares: 9, crossSum: 8, denominatorCrossSum: 20 },
      },
    },
  };
}

function issuesOf(stats: unknown): string[] {
  try {
    validateStatistics(threeKinds, stats as ExperimentStatistics);
  } catch (error) {
    expect(isInvalidStatisticsError(error)).toBe(true);
    expect((error as InvalidStatisticsError).code).toBe('RAMPKIT_INVALID_STATISTICS');
    return (error as InvalidStatisticsError).issues.map((issue) => `${issue.path}: ${issue.message}`);
  }
  return [];
}

describe('sufficient statistics are checked before any arithmetic', () => {
  it('accepts statistics that real data can give', () => {
    expect(issuesOf({ arms: { control: arm(10), treatment: arm(12) } })).toEqual([]);
  });

  it('names each impossible or missing value with its path', () => {
    const treatment = arm(10);
    treatment.metrics.converted = { n: 10, sum: 11, sumSquares: 11 };
    treatment.metrics.revenue = { ...treatment.metrics.revenue, sumSquares: 80, cappedAt: 26 };
    (treatment.metrics.ctr as { denominator?: unknown }).denominator = undefined;
    (treatment.metrics.ctr.covariate as { denominatorCrossSum?: unknown }).denominatorCrossSum = undefined;
    expect(issuesOf({ arms: { control: arm(10), treatment, holdout: arm(3) } })).toEqual([
      'arms.holdout: is not an arm of experiment "shapes"',
      'arms.treatment.metrics.converted.sumSquares: is below (Σ)²/n = 12.1, which no real data can give',
      'arms.treatment.metrics.converted.sum: a binomial metric counts converted units: a whole number from 0 to n = 10, got 11',
      'arms.treatment.metrics.revenue.sumSquares: is below (Σ)²/n = 90, which no real data can give',
      'arms.treatment.metrics.revenue.cappedAt: is 26 but another arm was capped at 25; every arm needs the same cap',
      'arms.treatment.metrics.ctr.denominator: missing: a ratio metric needs the sums of its denominator',
      'arms.treatment.metrics.ctr.covariate.denominatorCrossSum: must be a finite number, got nothing',
    ]);
  });

  it('asks for the covariate CUPED needs, the cap the definition sets, and every arm', () => {
    const control = arm(10);
    (control.metrics.revenue as { covariate?: unknown }).covariate = undefined;
    (control.metrics.revenue as { cappedAt?: unknown }).cappedAt = undefined;
    control.units = -1;
    expect(issuesOf({ arms: { control } })).toEqual([
      'arms.control.units: must be a whole number of units, 0 or more, got -1',
      'arms.control.metrics.revenue.cappedAt: missing: the metric is capped, so the statistics must say at which value',
      'arms.control.metrics.revenue.covariate: missing: the metric asks for CUPED, which needs the covariate sums',
      'arms.treatment: missing: every arm needs its statistics (zeros before any unit is exposed)',
    ]);
  });
});
