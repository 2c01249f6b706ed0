import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from '../metrics/histogram.js';
import { countExceeding } from './latency-exceedance.js';

function histogram(latencies: number[]) {
  const h = new LatencyHistogram();
  for (const ms of latencies) h.record(ms);
  return h.toData();
}

describe('exceedances of a threshold, counted on the safe side of its bucket', () => {
  it('counts clear cases alike on both sides', () => {
    const data = histogram([1, 2, 3, 40, 50, 60]);
    expect(countExceeding(data, 10, 'surely')).toEqual({ count: 6, above: 3 });
    expect(countExceeding(data, 10, 'possibly')).toEqual({ count: 6, above: 3 });
  });

  it('a sample in the bucket the threshold falls in counts only as possibly above', () => {
    const data = histogram([10.02, 100]);
    expect(countExceeding(data, 10.0, 'surely').above).toBe(2);
    expect(countExceeding(data, 10.03, 'surely').above).toBe(1);
    expect(countExceeding(data, 10.03, 'possibly').above).toBe(2);
  });

  it('the exact maximum rules out a bucket whose samples are all at or below the threshold', () => {
    const data = histogram([10, 10]);
    expect(countExceeding(data, 10, 'possibly').above).toBe(0);
  });

  it('an empty histogram has nothing above anything', () => {
    expect(countExceeding(histogram([]), 0, 'possibly')).toEqual({ count: 0, above: 0 });
  });
});
