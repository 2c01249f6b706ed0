import { isRampkitError } from '@rampkit/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reference } from '../reference.test-helper.js';
import { planDuration, planMinimumDetectableEffect, planSampleSize } from './plan.js';

describe('planning from a baseline and traffic', () => {
  it.each(reference.normalPower)(
    'matches statsmodels NormalIndPower at effect size $standardizedEffect, α = $alpha, power $power',
    ({ standardizedEffect, alpha, power, unitsPerArm }) => {
      // A mean metric with σ = 1 and mean 1: the relative effect is the standardised one.
      const plan = planSampleSize({
        baseline: { kind: 'mean', mean: 1, standardDeviation: 1 },
        minimumDetectableEffect: standardizedEffect,
        alpha,
        power,
        design: { mode: 'fixedHorizon' },
      });
      expect(plan.fixedHorizonUnits).toBe(Math.ceil(2 * unitsPerArm - 1e-6));
      expect(plan.multiplier).toBe(1);
    },
  );

  it('plans a conversion rate with the variances of both arms', () => {
    // 10% → 10.5%: 2 · (1.95996 + 0.84162)² · (0.09 + 0.09975) / 0.005² = 115,520 units.
    const plan = planSampleSize({
      baseline: { kind: 'binomial', rate: 0.1 },
      minimumDetectableEffect: 0.05,
      design: { mode: 'fixedHorizon' },
    });
    expect(plan.totalUnits).toBe(115520);
    expect(plan.unitsPerArm).toBe(57760);
  });

  it('prices each design: sequential about 1.66×, five looks about 1.025×, CUPED at ρ = 0.7 about 0.51×', () => {
    const base = { baseline: { kind: 'binomial' as const, rate: 0.1 }, minimumDetectableEffect: 0.05 };
    expect(planSampleSize(base).multiplier).toBeCloseTo(1.656, 2);
    expect(planSampleSize({ ...base, design: { mode: 'groupSequential' } }).multiplier).toBeCloseTo(1.025, 2);
    const cuped = planSampleSize({ ...base, varianceReduction: 0.49, design: { mode: 'fixedHorizon' } });
    expect(cuped.totalUnits / 115520).toBeCloseTo(0.51, 3);
  });

  it('the minimum detectable effect inverts the sample size', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 0.5, noNaN: true }),
        fc.double({ min: 0.01, max: 0.3, noNaN: true }),
        fc.constantFrom('binomial', 'mean'),
        (rate, mde, kind) => {
          const baseline =
            kind === 'binomial' ? { kind, rate } : { kind, mean: 10, standardDeviation: 10 + 30 * rate };
          const { totalUnits } = planSampleSize({
            baseline,
            minimumDetectableEffect: mde,
            design: { mode: 'fixedHorizon' },
          } as never);
          const back = planMinimumDetectableEffect({
            baseline,
            units: totalUnits,
            design: { mode: 'fixedHorizon' },
          } as never);
          expect(back).toBeLessThanOrEqual(mde * (1 + 1e-9));
          expect(back).toBeGreaterThan(mde * 0.99);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('turns units into days at a given traffic', () => {
    const plan = planDuration({
      baseline: { kind: 'binomial', rate: 0.1 },
      minimumDetectableEffect: 0.05,
      unitsPerDay: 20000,
    });
    expect(plan.days).toBeCloseTo(plan.totalUnits / 20000, 12);
  });

  it('refuses impossible options with a RAMPKIT_INVALID_ARGUMENT naming them', () => {
    try {
      planSampleSize({ baseline: { kind: 'binomial', rate: 1.5 }, minimumDetectableEffect: -1 });
      throw new Error('expected a throw');
    } catch (error) {
      expect(isRampkitError(error) && error.code === 'RAMPKIT_INVALID_ARGUMENT').toBe(true);
      expect((error as Error).message).toBe(
        'invalid planning options: baseline.rate: must be a number above 0 and below 1, got 1.5; minimumDetectableEffect: must be a number above 0, got -1',
      );
    }
  });
});
