import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBuckets, decodeState, emptyState, encodeBuckets, encodeState } from './state-layout.js';

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

describe("the flags file's version is kept beside it", () => {
  it('reads back the identity it wrote, and none from a file that has none', () => {
    const data = { ...decodeState(encodeState(emptyState())), config: { version: 3, digest: 'abc' } };
    expect(decodeState(encodeState(data)).config).toEqual({ version: 3, digest: 'abc' });
    expect(decodeState(encodeState(emptyState())).config).toBeUndefined();
  });

  it('refuses an identity that is not one', () => {
    const text = encodeState(emptyState()).replace('}\n', ',"config":{"version":0,"digest":"x"}}\n');
    expect(() => decodeState(text)).toThrow(/config must be/);
  });
});
