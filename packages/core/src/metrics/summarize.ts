import { LatencyHistogram } from './histogram.js';
import type { ArmMetrics, HistogramData, MetricsWindow } from './types.js';

/** Totals of one arm, before its rates and quantiles are derived. */
export interface ArmTotals {
  requests: number;
  errors: number;
  aborted: number;
  latency: HistogramData;
}

/**
 * Derives the error rate (0 without requests) and the p50/p90/p95/p99 latencies (NaN without
 * samples) of one arm. Stores that sum windows themselves (Redis) finish with this; so does
 * anything that summed windows into a `LatencyHistogram` of its own.
 */
export function toArmMetrics(
  variation: string,
  totals: Omit<ArmTotals, 'latency'> & { latency: HistogramData | LatencyHistogram },
): ArmMetrics {
  const latency =
    totals.latency instanceof LatencyHistogram ? totals.latency : LatencyHistogram.fromData(totals.latency);
  return armMetricsOf(variation, totals, latency);
}

function armMetricsOf(
  variation: string,
  totals: { requests: number; errors: number; aborted: number },
  latency: LatencyHistogram,
): ArmMetrics {
  return {
    variation,
    requests: totals.requests,
    errors: totals.errors,
    aborted: totals.aborted,
    errorRate: totals.requests > 0 ? totals.errors / totals.requests : 0,
    latency: latency.toData(),
    p50: latency.quantile(0.5),
    p90: latency.quantile(0.9),
    p95: latency.quantile(0.95),
    p99: latency.quantile(0.99),
  };
}

/**
 * Sums windows per variation — across windows and across the instances that reported them — into
 * one `ArmMetrics` per variation, sorted by variation name (code-unit order, the same in every locale).
 * Pass the windows of one flag: `flagKey` is not looked at.
 */
export function summarizeArms(windows: Iterable<MetricsWindow>): ArmMetrics[] {
  const arms = new Map<
    string,
    { requests: number; errors: number; aborted: number; latency: LatencyHistogram }
  >();
  for (const window of windows) {
    let arm = arms.get(window.variation);
    if (arm === undefined) {
      arm = { requests: 0, errors: 0, aborted: 0, latency: new LatencyHistogram() };
      arms.set(window.variation, arm);
    }
    arm.requests += window.requests;
    arm.errors += window.errors;
    arm.aborted += window.aborted;
    arm.latency.merge(window.latency);
  }
  return Array.from(arms)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([variation, arm]) => armMetricsOf(variation, arm, arm.latency));
}
