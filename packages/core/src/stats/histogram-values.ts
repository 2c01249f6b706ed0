import { latencyBucketMidpoint, MAX_LATENCY_BUCKET } from '../metrics/histogram.js';
import type { HistogramData } from '../metrics/types.js';
import type { WeightedValue } from './quantile-bounds.js';

/*
 * A latency histogram seen as a sample: each bucket stands for its midpoint (clamped to the recorded
 * min and max), the same convention as `quantileOf`, so bounds and estimates agree and carry the
 * histogram's ≤ 1.01% resolution. Bucket entries that are not a valid index with a positive whole
 * count are ignored, as everywhere else.
 */

/** The histogram's samples as distinct values with counts, sorted ascending. */
export function histogramValues(data: HistogramData): WeightedValue[] {
  const values: WeightedValue[] = [];
  for (const [key, count] of Object.entries(data.buckets)) {
    const index = Number(key);
    if (String(index) !== key || !Number.isInteger(index) || index < 0 || index > MAX_LATENCY_BUCKET)
      continue;
    if (!Number.isSafeInteger(count) || count <= 0) continue;
    values.push({ value: Math.min(Math.max(latencyBucketMidpoint(index), data.min), data.max), count });
  }
  values.sort((a, b) => a.value - b.value);
  return values;
}

/** Samples counted in the histogram and how many of them are above `threshold` milliseconds. */
export function countAbove(data: HistogramData, threshold: number): { count: number; above: number } {
  let count = 0;
  let above = 0;
  for (const { value, count: n } of histogramValues(data)) {
    count += n;
    if (value > threshold) above += n;
  }
  return { count, above };
}
