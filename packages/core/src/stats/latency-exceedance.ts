import { latencyBucketRange, MAX_LATENCY_BUCKET } from '../metrics/histogram.js';
import type { HistogramData } from '../metrics/types.js';

/*
 * How many of a histogram's samples lie above a latency threshold. A bucket spans about 1% of its
 * latencies, so a bucket the threshold falls in is counted on the side that is safe for the caller:
 * `surely` counts only samples certainly above (every latency the bucket can hold is), `possibly`
 * counts every sample that may be (some latency it can hold is). A test that must not overstate
 * one arm's exceedances and understate the other's counts one arm `surely` and the other `possibly`.
 * The histogram's exact `min` and `max` narrow the first and last buckets.
 */

export type ExceedanceSide = 'surely' | 'possibly';

/** Samples counted in the histogram, and how many of them are above `thresholdMs`. */
export function countExceeding(
  data: HistogramData,
  thresholdMs: number,
  side: ExceedanceSide,
): { count: number; above: number } {
  let count = 0;
  let above = 0;
  for (const [key, n] of Object.entries(data.buckets)) {
    const index = Number(key);
    if (String(index) !== key || !Number.isInteger(index) || index < 0 || index > MAX_LATENCY_BUCKET)
      continue;
    if (!Number.isSafeInteger(n) || n <= 0) continue;
    count += n;
    const range = latencyBucketRange(index);
    const exceeds =
      side === 'surely'
        ? Math.max(range.lowerMs, data.min) > thresholdMs
        : Math.min(range.upperMs, data.max) > thresholdMs;
    if (exceeds) above += n;
  }
  return { count, above };
}
