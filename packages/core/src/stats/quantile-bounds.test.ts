import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LatencyHistogram, quantileOf } from '../metrics/histogram.js';
import { histogramValues } from './histogram-values.js';
import {
  quantileLowerBound,
  quantileUpperBound,
  valueQuantile,
  type WeightedValue,
} from './quantile-bounds.js';
import { mulberry32 } from './test-random.test-helper.js';

function sample(values: readonly number[]): WeightedValue[] {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => a.value - b.value);
}

describe('quantile bounds hold uniformly over time', () => {
  it('rarely ever leave the true quantile, even recomputed after every batch', () => {
    // Exponential(1): the 0.9-quantile is ln 10. 250 runs, bounds recomputed after each of 40 batches.
    const truth = Math.log(10);
    const next = mulberry32(11);
    let lowerWrong = 0;
    let upperWrong = 0;
    for (let run = 0; run < 250; run++) {
      const values: number[] = [];
      let lowerFailed = false;
      let upperFailed = false;
      for (let batch = 0; batch < 40; batch++) {
        for (let i = 0; i < 25; i++) values.push(Math.round(-Math.log(1 - next()) * 100) / 100);
        const data = sample(values);
        if (quantileLowerBound(data, 0.9, 0.05) > truth) lowerFailed = true;
        if (quantileUpperBound(data, 0.9, 0.05) < truth) upperFailed = true;
      }
      if (lowerFailed) lowerWrong += 1;
      if (upperFailed) upperWrong += 1;
    }
    expect(lowerWrong / 250).toBeLessThanOrEqual(0.05);
    expect(upperWrong / 250).toBeLessThanOrEqual(0.05);
  });

  it('bracket the point estimate and narrow as samples grow', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 400 }), (raw) => {
        const data = sample(raw);
        const estimate = valueQuantile(data, 0.5);
        expect(quantileLowerBound(data, 0.5, 0.01)).toBeLessThanOrEqual(estimate);
        expect(quantileUpperBound(data, 0.5, 0.01)).toBeGreaterThanOrEqual(estimate);
      }),
    );
    const next = mulberry32(3);
    const few = sample(Array.from({ length: 100 }, () => next()));
    const many = sample(Array.from({ length: 100_000 }, () => next()));
    const width = (data: WeightedValue[]) =>
      quantileUpperBound(data, 0.5, 0.01) - quantileLowerBound(data, 0.5, 0.01);
    expect(width(many)).toBeLessThan(width(few) / 5);
  });

  it('say nothing from too few samples or none', () => {
    const three = sample([10, 20, 30]);
    expect(quantileLowerBound(three, 0.5, 0.01)).toBe(Number.NEGATIVE_INFINITY);
    expect(quantileUpperBound(three, 0.5, 0.01)).toBe(Number.POSITIVE_INFINITY);
    // Nothing bounds a p99 from above with three samples; from below it is another matter: were the
    // p99 at most 10, two samples of three above 10 would have had probability 3e−4.
    expect(quantileUpperBound(three, 0.99, 0.01)).toBe(Number.POSITIVE_INFINITY);
    expect(quantileLowerBound(three, 0.99, 0.01)).toBe(10);
    expect(quantileLowerBound([], 0.5, 0.01)).toBe(Number.NEGATIVE_INFINITY);
    expect(quantileUpperBound([], 0.5, 0.01)).toBe(Number.POSITIVE_INFINITY);
    expect(valueQuantile([], 0.5)).toBeNaN();
  });
});

describe('valueQuantile is the nearest-rank quantile', () => {
  it('agrees with quantileOf on histograms away from the extreme ranks', () => {
    const next = mulberry32(5);
    const histogram = new LatencyHistogram();
    for (let i = 0; i < 5000; i++) histogram.record(20 * Math.exp(0.7 * (next() + next() + next() - 1.5)));
    const data = histogram.toData();
    for (const q of [0.1, 0.5, 0.9, 0.95, 0.99]) {
      expect(valueQuantile(histogramValues(data), q)).toBe(quantileOf(data, q));
    }
  });
});
