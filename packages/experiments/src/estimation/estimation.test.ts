import { describe, expect, it } from 'vitest';
import { mulberry32, normal } from '../random.test-helper.js';
import type { MetricSums } from '../statistics/sufficient-statistics.js';
import { armMoments } from './arm-moments.js';
import { estimateDifference } from './difference.js';

function sumsOf(y: number[], x?: number[], z?: number[]): MetricSums {
  const sums: MetricSums = {
    n: y.length,
    sum: y.reduce((a, b) => a + b, 0),
    sumSquares: y.reduce((a, b) => a + b * b, 0),
  };
  if (x !== undefined) {
    sums.denominator = {
      sum: x.reduce((a, b) => a + b, 0),
      sumSquares: x.reduce((a, b) => a + b * b, 0),
      crossSum: x.reduce((a, b, i) => a + b * y[i]!, 0),
    };
  }
  if (z !== undefined) {
    sums.covariate = {
      sum: z.reduce((a, b) => a + b, 0),
      sumSquares: z.reduce((a, b) => a + b * b, 0),
      crossSum: z.reduce((a, b, i) => a + b * y[i]!, 0),
    };
    if (x !== undefined) sums.covariate.denominatorCrossSum = z.reduce((a, b, i) => a + b * x[i]!, 0);
  }
  return sums;
}

function sampleVariance(values: number[]): number {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1);
}

describe('estimates from sufficient statistics', () => {
  it('a ratio metric is analysed through its linearised unit (delta method)', () => {
    const next = mulberry32(3);
    const x = Array.from({ length: 500 }, () => 1 + Math.floor(5 * next()));
    const y = x.map((sessions) => Math.floor(sessions * next() * 1.5));
    const moments = armMoments('ratio', sumsOf(y, x));
    const ratio = y.reduce((a, b) => a + b, 0) / x.reduce((a, b) => a + b, 0);
    const xMean = x.reduce((a, b) => a + b, 0) / x.length;
    const linearised = y.map((value, i) => (value - ratio * x[i]!) / xMean);
    expect(moments.estimate).toBeCloseTo(ratio, 12);
    expect(moments.centredSquares / moments.divisor).toBeCloseTo(sampleVariance(linearised), 10);
  });

  it('a binomial metric has the Wald variance p(1 − p)', () => {
    const moments = armMoments('binomial', { n: 200, sum: 30, sumSquares: 30 });
    expect(moments.centredSquares / moments.divisor).toBeCloseTo(0.15 * 0.85, 14);
  });

  it('CUPED uses the within-arm pooled slope, the ANCOVA coefficient, for both arms', () => {
    const next = mulberry32(11);
    const draw = (shift: number) => {
      const z = Array.from({ length: 400 }, () => 5 + 2 * normal(next));
      const y = z.map((value) => shift + 0.8 * value + normal(next));
      return { y, z };
    };
    const c = draw(1);
    const t = draw(1.3);
    const estimate = estimateDifference(
      armMoments('mean', sumsOf(c.y, undefined, c.z)),
      armMoments('mean', sumsOf(t.y, undefined, t.z)),
    );
    const centre = (v: number[]) => {
      const mean = v.reduce((a, b) => a + b, 0) / v.length;
      return v.map((value) => value - mean);
    };
    const [cy, cz, ty, tz] = [centre(c.y), centre(c.z), centre(t.y), centre(t.z)];
    const slope =
      (cy.reduce((a, v, i) => a + v * cz[i]!, 0) + ty.reduce((a, v, i) => a + v * tz[i]!, 0)) /
      (cz.reduce((a, v) => a + v * v, 0) + tz.reduce((a, v) => a + v * v, 0));
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    expect(estimate.cuped!.theta).toBeCloseTo(slope, 12);
    expect(estimate.difference).toBeCloseTo(mean(t.y) - mean(c.y) - slope * (mean(t.z) - mean(c.z)), 12);
    // With corr(y, z) = 0.8·2 / √(0.8²·4 + 1) ≈ 0.85, the variance falls by about ρ² ≈ 0.72.
    expect(estimate.cuped!.varianceReduction).toBeGreaterThan(0.6);
    expect(estimate.cuped!.varianceReduction).toBeLessThan(0.8);
  });

  it('the delta-method standard error of the relative lift matches its spread over repetitions', () => {
    // 2,000 repetitions of two arms of 400 lognormal units: the standard deviation of ȳt/ȳc − 1 across
    // repetitions against the mean delta-method standard error; they agree within 5%.
    const next = mulberry32(5);
    const lifts: number[] = [];
    let reported = 0;
    for (let rep = 0; rep < 2000; rep++) {
      const arm = (scale: number) => Array.from({ length: 400 }, () => scale * Math.exp(0.8 * normal(next)));
      const estimate = estimateDifference(
        armMoments('mean', sumsOf(arm(1))),
        armMoments('mean', sumsOf(arm(1.1))),
      );
      lifts.push(estimate.relative);
      reported += Math.sqrt(estimate.relativeVariance) / 2000;
    }
    const spread = Math.sqrt(sampleVariance(lifts));
    expect(Math.abs(reported / spread - 1)).toBeLessThan(0.05);
  });
});
