import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isRampkitError } from '../errors/errors.js';
import { mulberry32 } from '../testing/random.js';
import {
  emptyHistogramData,
  LatencyHistogram,
  latencyBucketIndex,
  latencyBucketMidpoint,
  latencyBucketRange,
  MAX_LATENCY_BUCKET,
  mergeHistogramData,
  quantileOf,
} from './histogram.js';
import type { HistogramData } from './types.js';

/** The contract: quantile estimates within 2% of the exact value. */
const MAX_RELATIVE_ERROR = 0.02;
const MIN_MS = 0.05;
const MAX_MS = 60_000;
const QUANTILES = [0, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1];

/** The textbook nearest-rank quantile: the ⌈q·n⌉-th smallest sample (the smallest for q = 0). */
function exactQuantile(sorted: readonly number[], q: number): number {
  const rank = Math.max(1, Math.ceil(q * sorted.length - 1e-9));
  return sorted[rank - 1]!;
}

function histogramOf(values: readonly number[]): LatencyHistogram {
  const histogram = new LatencyHistogram();
  for (const value of values) histogram.record(value);
  return histogram;
}

function relativeError(estimate: number, exact: number): number {
  return Math.abs(estimate - exact) / exact;
}

function expectSameHistogram(actual: HistogramData, expected: HistogramData): void {
  expect(actual.buckets).toEqual(expected.buckets);
  expect(actual.count).toBe(expected.count);
  expect(actual.min).toBe(expected.min);
  expect(actual.max).toBe(expected.max);
  // Sums of the same values in another order may differ in the last bits.
  expect(Math.abs(actual.sum - expected.sum)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected.sum)));
}

/** mulberry32: a tiny seeded PRNG, so the distributions are the same on every run. */

function normal(next: () => number): number {
  // Box–Muller; 1 − u keeps the logarithm finite.
  return Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
}

const clampMs = (ms: number) => Math.min(MAX_MS, Math.max(MIN_MS, ms));
const distributions: [string, (next: () => number) => number][] = [
  ['uniform', (next) => MIN_MS + next() * (MAX_MS - MIN_MS)],
  ['log-uniform', (next) => MIN_MS * (MAX_MS / MIN_MS) ** next()],
  ['lognormal', (next) => clampMs(Math.exp(Math.log(80) + 1.2 * normal(next)))],
  ['bimodal', (next) => clampMs(next() < 0.9 ? 12 + 3 * normal(next) : 2_500 + 400 * normal(next))],
  ['sub-millisecond', (next) => clampMs(0.05 + next() * 0.9)],
];

describe('latency quantiles are within 2% of the exact nearest-rank quantile', () => {
  it.each(distributions)('%s, 20,000 samples', (_name, draw) => {
    const next = mulberry32(424_242);
    const values = Array.from({ length: 20_000 }, () => draw(next));
    const histogram = histogramOf(values);
    const sorted = [...values].sort((a, b) => a - b);
    for (const q of QUANTILES) {
      expect(relativeError(histogram.quantile(q), exactQuantile(sorted, q))).toBeLessThanOrEqual(
        MAX_RELATIVE_ERROR,
      );
    }
  });

  it('for any samples between 0.05 ms and 60 s and any q', () => {
    const latency = fc.oneof(
      fc.double({ min: MIN_MS, max: MAX_MS, noNaN: true }),
      fc
        .double({ min: Math.log(MIN_MS), max: Math.log(MAX_MS), noNaN: true })
        .map((x) => clampMs(Math.exp(x))),
    );
    fc.assert(
      fc.property(
        fc.array(latency, { minLength: 1, maxLength: 300 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (values, q) => {
          const sorted = [...values].sort((a, b) => a - b);
          const estimate = histogramOf(values).quantile(q);
          expect(relativeError(estimate, exactQuantile(sorted, q))).toBeLessThanOrEqual(MAX_RELATIVE_ERROR);
        },
      ),
    );
  });

  it('q = 0 and q = 1 are the exact smallest and largest latency', () => {
    const histogram = histogramOf([3.217, 41.5, 0.0731, 59_999.9]);
    expect(histogram.quantile(0)).toBe(0.0731);
    expect(histogram.quantile(1)).toBe(59_999.9);
  });

  it('an estimate never leaves [min, max]', () => {
    const histogram = histogramOf([100.001, 100.002, 100.003]);
    expect(histogram.quantile(0.5)).toBeGreaterThanOrEqual(100.001);
    expect(histogram.quantile(0.5)).toBeLessThanOrEqual(100.003);
  });

  it('is NaN without samples', () => {
    expect(new LatencyHistogram().quantile(0.5)).toBeNaN();
    expect(quantileOf(emptyHistogramData(), 0.99)).toBeNaN();
  });

  it.each([-0.1, 1.5, Number.NaN])('rejects q = %d with RAMPKIT_INVALID_ARGUMENT', (q) => {
    const histogram = histogramOf([1]);
    try {
      histogram.quantile(q);
      expect.unreachable('quantile accepted an invalid q');
    } catch (error) {
      expect(isRampkitError(error) && error.code === 'RAMPKIT_INVALID_ARGUMENT').toBe(true);
    }
  });
});

describe('negative, NaN and infinite latencies are counted nowhere', () => {
  it('leaves the histogram as it was', () => {
    const histogram = histogramOf([5]);
    for (const bad of [-1, -0.001, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      histogram.record(bad);
    }
    expect(histogram.toData()).toEqual({
      buckets: { [latencyBucketIndex(5)]: 1 },
      count: 1,
      sum: 5,
      min: 5,
      max: 5,
    });
  });

  it('a histogram of only invalid latencies is empty', () => {
    expect(histogramOf([-3, Number.NaN]).toData()).toEqual(emptyHistogramData());
  });

  it('0 ms is a valid latency', () => {
    expect(histogramOf([0, 0]).toData()).toEqual({ buckets: { 0: 2 }, count: 2, sum: 0, min: 0, max: 0 });
  });
});

describe('the bucket layout (read by the Redis store and other languages)', () => {
  it.each([
    [0, 0],
    [0.001, 1],
    [0.127, 127],
    [0.128, 128],
    [0.255, 191],
    [0.256, 192],
    [1, 317],
    [60_000, 1330],
    [1e9, MAX_LATENCY_BUCKET],
  ])('%d ms is in bucket %i', (ms, index) => {
    expect(latencyBucketIndex(ms)).toBe(index);
  });

  it('has 1728 buckets', () => {
    expect(MAX_LATENCY_BUCKET).toBe(1727);
  });

  it('is monotone in the latency', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e7, noNaN: true }),
        fc.double({ min: 0, max: 1e7, noNaN: true }),
        (a, b) => {
          const [low, high] = a <= b ? [a, b] : [b, a];
          expect(latencyBucketIndex(low)).toBeLessThanOrEqual(latencyBucketIndex(high));
        },
      ),
    );
  });

  it('reports every latency from 0.05 ms to 71 minutes within 1.01% of itself', () => {
    fc.assert(
      fc.property(fc.double({ min: MIN_MS, max: 4_294_967, noNaN: true }), (ms) => {
        const index = latencyBucketIndex(ms);
        expect(index).toBeLessThanOrEqual(MAX_LATENCY_BUCKET);
        expect(relativeError(latencyBucketMidpoint(index), ms)).toBeLessThanOrEqual(0.0101);
      }),
    );
  });

  it('maps every bucket midpoint back to its own bucket', () => {
    for (let index = 0; index <= MAX_LATENCY_BUCKET; index++) {
      expect(latencyBucketIndex(latencyBucketMidpoint(index))).toBe(index);
    }
  });
});

describe('histograms merge by adding buckets', () => {
  const samples = fc.array(fc.double({ min: 0, max: MAX_MS, noNaN: true }), { maxLength: 60 });

  it('merging equals recording everything in one histogram', () => {
    fc.assert(
      fc.property(samples, samples, (a, b) => {
        const merged = histogramOf(a);
        merged.merge(histogramOf(b));
        expectSameHistogram(merged.toData(), histogramOf([...a, ...b]).toData());
      }),
    );
  });

  it('is commutative and associative', () => {
    fc.assert(
      fc.property(samples, samples, samples, (a, b, c) => {
        const [da, db, dc] = [a, b, c].map((values) => histogramOf(values).toData()) as [
          HistogramData,
          HistogramData,
          HistogramData,
        ];
        expectSameHistogram(mergeHistogramData(da, db), mergeHistogramData(db, da));
        expectSameHistogram(
          mergeHistogramData(mergeHistogramData(da, db), dc),
          mergeHistogramData(da, mergeHistogramData(db, dc)),
        );
      }),
    );
  });

  it('merging data and merging a histogram agree, and neither input changes', () => {
    fc.assert(
      fc.property(samples, samples, (a, b) => {
        const da = histogramOf(a).toData();
        const db = histogramOf(b).toData();
        const before = structuredClone([da, db]);
        const viaHistogram = histogramOf(a);
        viaHistogram.merge(histogramOf(b));
        expectSameHistogram(mergeHistogramData(da, db), viaHistogram.toData());
        expect([da, db]).toEqual(before);
      }),
    );
  });

  it('an empty histogram is the identity (its min and max of 0 are not taken)', () => {
    const histogram = histogramOf([7, 9]);
    histogram.merge(emptyHistogramData());
    histogram.merge(new LatencyHistogram());
    expect(histogram.toData()).toMatchObject({ count: 2, min: 7, max: 9 });
  });
});

describe('HistogramData round-trips through JSON', () => {
  it('fromData(toData()) keeps every bucket, count, extreme and quantile', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: MAX_MS, noNaN: true }), { maxLength: 80 }), (values) => {
        const original = histogramOf(values);
        const data: HistogramData = JSON.parse(JSON.stringify(original.toData()));
        const copy = LatencyHistogram.fromData(data);
        expect(copy.toData()).toEqual(original.toData());
        expect(copy.count).toBe(values.length);
        for (const q of [0, 0.5, 0.9, 0.99, 1]) {
          expect(Object.is(copy.quantile(q), original.quantile(q))).toBe(true);
          expect(Object.is(quantileOf(data, q), original.quantile(q))).toBe(true);
        }
      }),
    );
  });

  it('skips entries that are not a bucket index with a positive integer count', () => {
    const data: HistogramData = {
      buckets: {
        '10': 2,
        '-1': 3,
        abc: 1,
        '': 4,
        '1.5': 1,
        '0x10': 1,
        '1728': 1,
        '11': 2.5,
        '12': 0,
        '13': -1,
      },
      count: 99,
      sum: 0.02,
      min: 0.01,
      max: 0.01,
    };
    const histogram = LatencyHistogram.fromData(data);
    expect(histogram.toData()).toEqual({ buckets: { 10: 2 }, count: 2, sum: 0.02, min: 0.01, max: 0.01 });
    expect(quantileOf(data, 0.5)).toBe(0.01);
  });
});

describe('a bucket holds the latencies of its range', () => {
  it('every latency recorded lies in the range of its bucket', () => {
    for (const ms of [0, 0.0004, 0.05, 0.1275, 0.128, 1, 9.99, 10, 123.456, 5_000, 4_294_967]) {
      const { lowerMs, upperMs } = latencyBucketRange(latencyBucketIndex(ms));
      expect(ms).toBeGreaterThanOrEqual(lowerMs);
      expect(ms).toBeLessThan(upperMs);
    }
  });

  it('the last bucket reaches to infinity', () => {
    expect(latencyBucketRange(MAX_LATENCY_BUCKET).upperMs).toBe(Number.POSITIVE_INFINITY);
  });
});
