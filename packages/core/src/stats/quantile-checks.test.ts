import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from '../metrics/histogram.js';
import { countAbove, histogramValues } from './histogram-values.js';
import { compareQuantiles } from './quantile-comparison.js';
import { quantileAboveLimit } from './quantile-limit.js';
import { mulberry32 } from './test-random.test-helper.js';

function lognormal(seed: number, count: number, medianMs: number, sigma = 0.5): LatencyHistogram {
  const next = mulberry32(seed);
  const histogram = new LatencyHistogram();
  for (let i = 0; i < count; i++) {
    const normal = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
    histogram.record(medianMs * Math.exp(sigma * normal));
  }
  return histogram;
}

describe('compareQuantiles calls a latency regression only beyond the tolerance, with confidence', () => {
  it('finds a canary 50% slower beyond a 20% tolerance', () => {
    const result = compareQuantiles(lognormal(1, 3000, 150).toData(), lognormal(2, 30000, 100).toData(), {
      q: 0.95,
      tolerance: 0.2,
      alpha: 0.01,
    });
    expect(result.regressed).toBe(true);
    expect(result.canaryLower).toBeGreaterThan(result.limit);
    expect(result.canary / result.stable).toBeCloseTo(1.5, 1);
  });

  it('does not call identical arms, nor a 10% slowdown against a 20% tolerance', () => {
    for (const seed of [3, 4, 5, 6]) {
      const stable = lognormal(seed, 20000, 100).toData();
      expect(
        compareQuantiles(lognormal(seed + 100, 2000, 100).toData(), stable, {
          q: 0.95,
          tolerance: 0.2,
          alpha: 0.01,
        }).regressed,
      ).toBe(false);
      expect(
        compareQuantiles(lognormal(seed + 200, 2000, 110).toData(), stable, {
          q: 0.95,
          tolerance: 0.2,
          alpha: 0.01,
        }).regressed,
      ).toBe(false);
    }
  });

  it('cannot call a regression from a handful of samples or an empty arm', () => {
    const slow = new LatencyHistogram();
    for (const ms of [900, 950, 1000]) slow.record(ms);
    const result = compareQuantiles(slow.toData(), lognormal(7, 10000, 100).toData(), {
      q: 0.95,
      tolerance: 0.1,
      alpha: 0.01,
    });
    expect(result.regressed).toBe(false);
    expect(result.canaryLower).toBe(0);
    const empty = compareQuantiles(new LatencyHistogram().toData(), new LatencyHistogram().toData(), {
      q: 0.5,
      tolerance: 0,
      alpha: 0.01,
    });
    expect(empty.regressed).toBe(false);
    expect(empty.canary).toBeNaN();
  });
});

describe('quantileAboveLimit is an exact binomial test on the slow requests', () => {
  it('does not condemn a p99 on one slow request out of three', () => {
    const few = new LatencyHistogram();
    for (const ms of [20, 30, 900]) few.record(ms);
    const check = quantileAboveLimit(few.toData(), 0.99, 500, 0.01);
    expect(check).toMatchObject({ count: 3, above: 1, exceeded: false });
    expect(check.pValue).toBeCloseTo(1 - 0.99 ** 3, 10);
  });

  it('fails a p99 clearly over the limit and passes one clearly under', () => {
    expect(quantileAboveLimit(lognormal(8, 2000, 300).toData(), 0.99, 500, 0.01).exceeded).toBe(true);
    expect(quantileAboveLimit(lognormal(9, 2000, 100).toData(), 0.99, 500, 0.01).exceeded).toBe(false);
  });
});

describe('histogram values', () => {
  it('are sorted bucket midpoints within the recorded range, skipping invalid entries', () => {
    const values = histogramValues({
      buckets: { '1000': 2, '130': 1, x: 3, '-1': 4, '7': 0 },
      count: 3,
      sum: 0,
      min: 0.1,
      max: 10,
    });
    expect(values.map((v) => v.count)).toEqual([1, 2]);
    expect(values[0]!.value).toBeLessThan(values[1]!.value);
    expect(values[1]!.value).toBeLessThanOrEqual(10);
    expect(countAbove({ buckets: { '1000': 2, '130': 1 }, count: 3, sum: 0, min: 0.1, max: 10 }, 1)).toEqual({
      count: 3,
      above: 2,
    });
  });
});
