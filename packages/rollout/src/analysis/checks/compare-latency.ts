import { mergeHistogramData, quantileOf } from '@rampkit/core';
import {
  compareQuantiles,
  countExceeding,
  type ErrorRateTestState,
  foldErrorRateStratum,
} from '@rampkit/core/stats';
import { count, evidence, ms, percent } from '../format.js';
import type { CheckResult, JudgeInput, LatencyTestState } from '../types.js';
import { windowCount } from './compare-error-rate.js';
import { QUANTILE_LEVEL } from './latency.js';

const MAX_REPORTED_LOG_EVALUE = 700;

/**
 * Canary vs stable latency (docs/statistics.md, "Latency regression").
 *
 * On concurrent traffic, window by window: with T stable's `quantile` as measured over the windows
 * already compared, a canary request is "slow" when it takes more than (1 + tolerance)·T and a
 * stable request when it takes more than T. If in every window the canary is no slower than stable
 * scaled by (1 + tolerance), a canary request is slow at most as often as a stable one, so the
 * slow counts are compared by the same anytime-valid test as error counts (margin 0), each window
 * with its own split. A slowdown both arms share in a window raises both counts together; it
 * cannot count against the canary as the split moves. The bucket a threshold falls in counts as
 * slow for stable and not slow for the canary (stats/latency-exceedance.ts), so bucketing never
 * favours a regression.
 *
 * Against a blue-green baseline there is no concurrent stable: the canary's quantile gets a
 * time-uniform lower bound and the baseline's an upper bound (stats/quantile-comparison.ts).
 *
 * Before both arms have `minRequests` latency samples it is inconclusive; when an arm with requests
 * has no latency sample at all (a source that does not record latency) it is skipped.
 */
export function checkCompareLatency(input: JudgeInput): { result: CheckResult; state?: LatencyTestState } {
  const { quantile, tolerance, minRequests } = input.settings.compareLatency;
  const { canary, stable } = input.cumulative;
  const state = input.stableBaseline === true ? undefined : foldLatency(input);
  const withState = (result: CheckResult) => (state === undefined ? { result } : { result, state });
  const samples = `stable ${count(stable.latency.count)}, canary ${count(canary.latency.count)} latency samples`;
  if (stable.latency.count === 0 || canary.latency.count === 0) {
    return withState({
      name: 'compareLatency',
      status: 'skipped',
      detail: `no latency recorded for ${stable.latency.count === 0 ? 'stable' : 'the canary'} (${samples})`,
    });
  }
  if (stable.latency.count < minRequests || canary.latency.count < minRequests) {
    return withState({
      name: 'compareLatency',
      status: 'inconclusive',
      detail: `waiting for ${count(minRequests)} latency samples on each arm before comparing ${quantile} (${samples})`,
    });
  }
  if (state === undefined) return { result: againstBaseline(input) };
  const alpha = input.settings.compareErrorRate.alpha;
  const maxLogEValue = state.test?.maxLogEValue ?? 0;
  const statistic = Math.exp(Math.min(maxLogEValue, MAX_REPORTED_LOG_EVALUE));
  const boundary = 1 / alpha;
  const failed = maxLogEValue >= Math.log(boundary);
  const latest = `in the latest interval canary ${quantile} ${ms(input.interval.canary[quantile])} vs stable ${ms(input.interval.stable[quantile])}`;
  const seen = state.test?.seen;
  const threshold = state.threshold;
  const compared =
    seen === undefined || threshold === null
      ? 'no window compared yet'
      : `canary requests slower than ${ms(threshold * (1 + tolerance))} (stable's ${quantile} ${ms(threshold)} + ${percent(tolerance)}): ${percent(rate(seen.canary))} of ${count(seen.canary.requests)}, stable's slower than ${ms(threshold)}: ${percent(rate(seen.stable))} of ${count(seen.stable.requests)}, window by window over ${windowCount(input)}`;
  return withState({
    name: 'compareLatency',
    status: failed ? 'fail' : seen === undefined || threshold === null ? 'inconclusive' : 'pass',
    observed: input.interval.canary[quantile],
    threshold: threshold === null ? Number.NaN : threshold * (1 + tolerance),
    statistic,
    boundary,
    detail: `${compared}: evidence ${evidence(statistic)} ${failed ? '≥' : '<'} ${evidence(boundary)} (1/α) that the canary's ${quantile} is more than ${percent(tolerance)} above stable's (${latest})`,
  });
}

/** Folds this tick's strata at the threshold set before them, then sets the next threshold. */
function foldLatency(input: JudgeInput): LatencyTestState {
  const { quantile, tolerance } = input.settings.compareLatency;
  const previous = input.testState?.latency;
  const same = previous !== undefined && previous.quantile === quantile && previous.tolerance === tolerance;
  let test: ErrorRateTestState | undefined = same ? previous.test : undefined;
  let stableSeen = same ? previous.stableSeen : undefined;
  const threshold = same ? previous.threshold : null;
  for (const stratum of input.strata) {
    if (threshold !== null) {
      const slowCanary = countExceeding(stratum.canary.latency, threshold * (1 + tolerance), 'surely');
      const slowStable = countExceeding(stratum.stable.latency, threshold, 'possibly');
      test = foldErrorRateStratum(
        test,
        {
          canary: { requests: slowCanary.count, errors: slowCanary.above },
          stable: { requests: slowStable.count, errors: slowStable.above },
        },
        0,
      );
    }
    stableSeen =
      stableSeen === undefined
        ? stratum.stable.latency
        : mergeHistogramData(stableSeen, stratum.stable.latency);
  }
  const { minRequests } = input.settings.compareLatency;
  const next =
    stableSeen !== undefined && stableSeen.count >= minRequests
      ? quantileOf(stableSeen, QUANTILE_LEVEL[quantile])
      : null;
  const state: LatencyTestState = { quantile, tolerance, threshold: next };
  if (test !== undefined) state.test = test;
  if (stableSeen !== undefined) state.stableSeen = stableSeen;
  return state;
}

function againstBaseline(input: JudgeInput): CheckResult {
  const { quantile, tolerance } = input.settings.compareLatency;
  const alpha = input.settings.compareErrorRate.alpha;
  const { canary, stable } = input.cumulative;
  const comparison = compareQuantiles(canary.latency, stable.latency, {
    q: QUANTILE_LEVEL[quantile],
    tolerance,
    alpha,
  });
  const change = comparison.canary / comparison.stable - 1;
  const signed = `${change >= 0 ? '+' : '−'}${percent(Math.abs(change))}`;
  const estimates = `canary ${quantile} ${ms(comparison.canary)} vs stable baseline ${ms(comparison.stable)} (${signed}, tolerance +${percent(tolerance)})`;
  const bounds = `canary ≥ ${ms(comparison.canaryLower)}, baseline ≤ ${ms(comparison.stableUpper)} with ${percent(1 - alpha)} confidence`;
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

function rate(counts: { requests: number; errors: number }): number {
  return counts.requests > 0 ? counts.errors / counts.requests : 0;
}
