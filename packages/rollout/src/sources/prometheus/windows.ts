import type { HistogramData, MetricsWindow } from '@rampkit/core';
import { emptyHistogramData } from '@rampkit/core';
import { MetricsSourceError } from '../errors.js';
import type { RangeSeries } from './client.js';
import { type CumulativeBucket, histogramFromBuckets } from './histogram.js';

/** What the three queries of one arm returned. */
export interface ArmSeries {
  arm: string;
  requests: RangeSeries[];
  errors: RangeSeries[];
  /** Undefined when the source has no latency query. */
  latencyBuckets?: RangeSeries[];
}

/**
 * One arm's windows: a sample evaluated at `t` is the window `[t − windowMs, t)`. A window exists
 * only where both the requests and the errors query have a sample: a missing series is missing
 * data, never zero. Values come from `increase()`, which extrapolates: counts are rounded, negative
 * or non-finite ones read as 0, and errors never exceed requests.
 */
export function armWindows(
  series: ArmSeries,
  context: { flagKey: string; windowMs: number; leUnitMs: number; queries: Record<string, string> },
): MetricsWindow[] {
  const requests = single(series.requests, 'requests', series.arm, context.queries.requests ?? '');
  const errors = single(series.errors, 'errors', series.arm, context.queries.errors ?? '');
  if (requests === undefined || errors === undefined) return [];
  const errorsAt = samples(errors);
  const latencyAt = series.latencyBuckets === undefined ? undefined : bucketsByTime(series, context);
  const windows: MetricsWindow[] = [];
  for (const [atMs, value] of samples(requests)) {
    const errorCount = errorsAt.get(atMs);
    if (errorCount === undefined) continue;
    const requestCount = count(value);
    const buckets = latencyAt?.get(atMs);
    const latency: HistogramData =
      buckets === undefined ? emptyHistogramData() : histogramFromBuckets(buckets);
    windows.push({
      flagKey: context.flagKey,
      variation: series.arm,
      windowStart: atMs - context.windowMs,
      windowMs: context.windowMs,
      requests: requestCount,
      errors: Math.min(count(errorCount), requestCount),
      aborted: 0,
      latency,
    });
  }
  return windows;
}

function single(result: RangeSeries[], measure: string, arm: string, query: string): RangeSeries | undefined {
  if (result.length > 1) {
    throw new MetricsSourceError(
      'RAMPKIT_METRICS_SOURCE_RESPONSE',
      `the ${measure} query for arm ${JSON.stringify(arm)} returned ${result.length} series; aggregate it to one with sum(...)`,
      { query },
    );
  }
  return result[0];
}

function samples(series: RangeSeries): Map<number, number> {
  const map = new Map<number, number>();
  for (const [seconds, value] of series.values) map.set(Math.round(seconds * 1000), Number(value));
  return map;
}

function count(value: number): number {
  return Number.isFinite(value) && value > 0 ? Math.round(value) : 0;
}

function bucketsByTime(
  series: ArmSeries,
  context: { leUnitMs: number; queries: Record<string, string> },
): Map<number, CumulativeBucket[]> {
  const byTime = new Map<number, CumulativeBucket[]>();
  for (const bucket of series.latencyBuckets ?? []) {
    const raw = bucket.metric.le;
    const le = raw === '+Inf' ? Number.POSITIVE_INFINITY : Number(raw);
    if (raw === undefined || Number.isNaN(le)) {
      throw new MetricsSourceError(
        'RAMPKIT_METRICS_SOURCE_RESPONSE',
        `the latency buckets query for arm ${JSON.stringify(series.arm)} returned a series without a numeric le label; aggregate with sum by (le) (...)`,
        { query: context.queries.latencyBuckets ?? '' },
      );
    }
    for (const [atMs, value] of samples(bucket)) {
      let list = byTime.get(atMs);
      if (list === undefined) {
        list = [];
        byTime.set(atMs, list);
      }
      list.push({ le: le * context.leUnitMs, count: Number.isFinite(value) ? value : 0 });
    }
  }
  return byTime;
}
