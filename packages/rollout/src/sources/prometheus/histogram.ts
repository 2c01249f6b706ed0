import { type HistogramData, LatencyHistogram } from '@rampkit/core';

/** One `le` bound and the cumulative count at or below it, at one evaluation time. */
export interface CumulativeBucket {
  /** Upper bound in milliseconds; +Infinity for `le="+Inf"`. */
  le: number;
  count: number;
}

/**
 * A Prometheus histogram's cumulative buckets as Rampkit's latency histogram. Each bucket's
 * requests are counted at its upper bound, so quantiles read as the bound of the bucket they fall
 * in (never below the true value); those above the largest finite bound are counted just above it,
 * as `histogram_quantile` reports them at that bound. `increase()` extrapolates, so counts are
 * rounded and a bucket smaller than the one below it counts as empty.
 */
export function histogramFromBuckets(buckets: readonly CumulativeBucket[]): HistogramData {
  const sorted = [...buckets].sort((a, b) => a.le - b.le);
  const largestFinite = sorted.filter((b) => Number.isFinite(b.le)).at(-1)?.le;
  const histogram = new LatencyHistogram();
  let below = 0;
  for (const bucket of sorted) {
    const cumulative = Math.round(bucket.count);
    const count = cumulative - below;
    if (count <= 0) continue;
    below = cumulative;
    if (Number.isFinite(bucket.le)) histogram.merge(samplesAt(bucket.le, count));
    else if (largestFinite !== undefined) histogram.merge(samplesAt(aboveBound(largestFinite), count));
  }
  return histogram.toData();
}

/** `count` latencies of `ms` each, in the bucket `LatencyHistogram` files `ms` under. */
function samplesAt(ms: number, count: number): HistogramData {
  const key = bucketKeyOf(ms);
  return { buckets: { [key]: count }, count, sum: ms * count, min: ms, max: ms };
}

function bucketKeyOf(ms: number): string {
  const one = new LatencyHistogram();
  one.record(ms);
  return Object.keys(one.toData().buckets)[0]!;
}

/** The smallest latency Rampkit buckets apart from `ms`: "more than the largest bound". */
function aboveBound(ms: number): number {
  let above = ms * 1.001 + 0.001;
  while (bucketKeyOf(above) === bucketKeyOf(ms)) above *= 1.01;
  return above;
}
