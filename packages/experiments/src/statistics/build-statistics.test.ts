import { describe, expect, it } from 'vitest';
import { buildStatistics, type UnitObservation } from './build-statistics.js';
import { percentile } from './percentile.js';
import { threeKinds } from './statistics.test-helper.js';

describe('sufficient statistics from per-unit values', () => {
  it('sums each metric, counting units without an entry as 0', () => {
    const units: UnitObservation[] = [
      {
        arm: 'control',
        metrics: {
          converted: 1,
          revenue: { value: 10, covariate: 4 },
          ctr: { value: 2, denominator: 5, covariate: 1 },
        },
      },
      { arm: 'control', metrics: {} },
      {
        arm: 'treatment',
        metrics: { converted: 0, revenue: { value: 3, covariate: 2 }, ctr: { value: 1, denominator: 2 } },
      },
      { arm: 'elsewhere', metrics: { converted: 1 } },
    ];
    const stats = buildStatistics(threeKinds, units);
    expect(Object.keys(stats.arms)).toEqual(['control', 'treatment']);
    expect(stats.arms.control!.units).toBe(2);
    expect(stats.arms.control!.metrics.converted).toEqual({ n: 2, sum: 1, sumSquares: 1 });
    // The 90th percentile of the pooled revenue values 10, 0, 3 (linear interpolation) is 8.6.
    const revenue = stats.arms.control!.metrics.revenue!;
    expect(revenue.cappedAt).toBeCloseTo(8.6, 12);
    expect(revenue).toEqual({
      n: 2,
      sum: revenue.cappedAt,
      sumSquares: revenue.cappedAt! ** 2,
      cappedAt: revenue.cappedAt,
      covariate: { sum: 4, sumSquares: 16, crossSum: revenue.cappedAt! * 4 },
    });
    expect(stats.arms.control!.metrics.ctr).toEqual({
      n: 2,
      sum: 2,
      sumSquares: 4,
      denominator: { sum: 5, sumSquares: 25, crossSum: 10 },
      covariate: { sum: 1, sumSquares: 1, crossSum: 2, denominatorCrossSum: 5 },
    });
    expect(stats.arms.treatment!.metrics.revenue!.sum).toBe(3);
  });

  it('computes a percentile cap as SQL’s PERCENTILE_CONT does', () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile([5, 1, 3], 100 / 3)).toBeCloseTo(2.333333333, 8);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 99)).toBeNaN();
  });

  it('caps at the same value in every arm', () => {
    const units: UnitObservation[] = Array.from({ length: 100 }, (_, i) => ({
      arm: i % 2 === 0 ? 'control' : 'treatment',
      metrics: { revenue: i },
    }));
    const stats = buildStatistics(threeKinds, units);
    expect(stats.arms.control!.metrics.revenue!.cappedAt).toBeCloseTo(89.1, 10);
    expect(stats.arms.treatment!.metrics.revenue!.cappedAt).toBe(
      stats.arms.control!.metrics.revenue!.cappedAt,
    );
  });
});
