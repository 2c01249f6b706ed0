import { quantileAboveLimit } from '@rampkit/core/stats';
import { count, ms, percent } from '../format.js';
import type { CheckResult, JudgeInput, LatencyQuantile } from '../types.js';

export const QUANTILE_LEVEL: Readonly<Record<LatencyQuantile, number>> = { p50: 0.5, p95: 0.95, p99: 0.99 };

/**
 * Absolute limits on the canary's latency quantiles in the latest interval. A quantile counts as over
 * its limit when more than its share of requests are slower than the limit with confidence 1 − alpha
 * (exact binomial test: a p99 over 500 ms means more than 1% of requests slower than 500 ms), so a
 * handful of samples cannot fail it by chance. One result covers all configured quantiles; observed
 * and threshold describe the quantile closest to failing.
 */
export function checkLatency(
  input: JudgeInput,
  limits: Partial<Record<LatencyQuantile, number>>,
): CheckResult {
  const alpha = input.settings.compareErrorRate.alpha;
  const canary = input.interval.canary;
  const configured = (Object.keys(QUANTILE_LEVEL) as LatencyQuantile[]).filter(
    (q) => limits[q] !== undefined,
  );
  if (canary.latency.count === 0) {
    return {
      name: 'latency',
      status: 'skipped',
      detail: `no canary latency samples in this interval (limits ${configured.map((q) => `${q} ${ms(limits[q]!)}`).join(', ')})`,
    };
  }
  const results = configured.map((q) => {
    const limit = limits[q]!;
    const test = quantileAboveLimit(canary.latency, QUANTILE_LEVEL[q], limit, alpha);
    return { q, limit, observed: canary[q], ...test };
  });
  // The quantile closest to failing: smallest p-value.
  const worst = results.reduce((a, b) => (b.pValue < a.pValue ? b : a));
  const failed = results.filter((r) => r.exceeded);
  const parts = results.map(
    (r) =>
      `${r.q} ${ms(r.observed)} (limit ${ms(r.limit)}, ${count(r.above)} of ${count(r.count)} slower than the limit${r.exceeded ? ', exceeded' : ''})`,
  );
  const confidence = percent(1 - alpha);
  return {
    name: 'latency',
    status: failed.length > 0 ? 'fail' : 'pass',
    observed: worst.observed,
    threshold: worst.limit,
    statistic: worst.pValue,
    boundary: alpha,
    detail:
      failed.length > 0
        ? `canary ${failed.map((r) => r.q).join(', ')} above the limit with ${confidence} confidence in this interval: ${parts.join('; ')}`
        : `canary latency within limits in this interval: ${parts.join('; ')}`,
  };
}
