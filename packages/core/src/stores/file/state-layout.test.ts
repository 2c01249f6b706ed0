import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBuckets, encodeBuckets } from './state-layout.js';

describe('latency buckets are stored as a run list', () => {
  it('starts with the first index, then counts, a negative number skipping empty buckets', () => {
    expect(encodeBuckets({ '5': 2, '6': 1, '9': 4 })).toEqual([5, 2, 1, -2, 4]);
    expect(encodeBuckets({})).toEqual([]);
  });

  it('reads back exactly the buckets it wrote', () => {
    const buckets = fc.dictionary(
      fc.integer({ min: 0, max: 1727 }).map(String),
      fc.integer({ min: 1, max: 1_000_000 }),
    );
    fc.assert(
      fc.property(buckets, (b) => {
        expect(decodeBuckets(encodeBuckets(b), 'test')).toEqual(b);
      }),
    );
  });

  it('refuses a list that is not one, saying where', () => {
    expect(() => decodeBuckets(['a'], 'metrics[0] row 1')).toThrow(/metrics\[0\] row 1: buckets must start/);
    expect(() => decodeBuckets([3, 0], 'here')).toThrow(/here: bucket entry 1/);
  });
});
