import { compareQuantiles } from '@rampkit/core';
import { count, ms, percent } from '../format.js';
import type { CheckResult, JudgeInput } from '../types.js';
import { QUANTILE_LEVEL } from './latency.js';

/**
 * Canary vs stable latency quantile over the whole rollout. It fails when the canary's quantile is
 * above (1 + tolerance) × stable's with confidence 1 − alpha, from time-uniform bounds on both
 * quantiles (core's stats/quantile-comparison.ts), so checking every second cannot turn noise into a
 * regression. Before both arms have `minRequests` latency samples it is inconclusive; when an arm
 * with requests has no latency sample at all (a source that does not record latency) it is skipped.
 */
export function checkCompareLatency(input: JudgeInput): CheckResult {
  const { quantile, tolerance, minRequests } = input.settings.compareLatency;
  const alpha = input.settings.compareErrorRate.alpha;
  const { canary, stable } = input.cumulative;
  const samples = `stable ${count(stable.latency.count)}, canary ${count(canary.latency.count)} latency samples`;
  if (stable.latency.count === 0 || canary.latency.count === 0) {
    // Requests without any latency sample: the metrics source does not record latency.
    return {
      name: 'compareLatency',
      status: 'skipped',
      detail: `no latency recorded for ${stable.latency.count === 0 ? 'stable' : 'the canary'} (${samples})`,
    };
  }
  if (stable.latency.count < minRequests || canary.latency.count < minRequests) {
    return {
      name: 'compareLatency',
      status: 'inconclusive',
      detail: `waiting for ${count(minRequests)} latency samples on each arm before comparing ${quantile} (${samples})`,
    };
  }
  const comparison = compareQuantiles(canary.latency, stable.latency, {
    q: QUANTILE_LEVEL[quantile],
    tolerance,
    alpha,
  });
  const change = comparison.canary / comparison.stable - 1;
  const signed = `${change >= 0 ? '+' : '−'}${percent(Math.abs(change))}`;
  const estimates = `canary ${quantile} ${ms(comparison.canary)} vs stable ${ms(comparison.stable)} (${signed}, tolerance +${percent(tolerance)})`;
  const bounds = `canary ≥ ${ms(comparison.canaryLower)}, stable ≤ ${ms(comparison.stableUpper)} with ${percent(1 - alpha)} confidence`;
  return {
    name: 'compareLatency',
    status: comparison.regressed ? 'fail' : 'pass',
    observed: comparison.canary,
    threshold: comparison.stable * (1 + tolerance),
    statistic: comparison.canaryLower,
    boundary: comparison.limit,
    detail: comparison.regressed
      ? `${estimates}: regression beyond tolerance (${bounds})`
      : `${estimates}: no regression beyond tolerance shown (${bounds})`,
  };
}
