import {
  baselineErrorRateEvidence,
  type ErrorRateTestState,
  foldErrorRateStratum,
} from '@rampkit/core/stats';
import { count, evidence, percent, ratio } from '../format.js';
import type { AnalysisTestState, CheckResult, JudgeInput } from '../types.js';

/** e^700 is about 1e304: a larger e-value is reported as that rather than Infinity (JSON has no ∞). */
const MAX_REPORTED_LOG_EVALUE = 700;

/**
 * Canary vs stable error rate by an anytime-valid sequential test (docs/statistics.md):
 * - concurrent traffic: core's stats/error-rate-test.ts, folding one stratum (a metrics window both
 *   arms have finished reporting) at a time, each judged with its own traffic split and its own
 *   shared error rate; boundary 1/alpha;
 * - a blue-green baseline (`stableBaseline`): core's stats/baseline-error-rate-test.ts, the canary
 *   against a bound on stable's baseline rate, boundary 2/alpha (the other alpha/2 is the bound's).
 * The evidence is updated on every tick, also before the check may report; it reports once both
 * arms have `minRequests` since the rollout began. A crossing is final: the statistic is the
 * largest e-value reached.
 */
export function checkCompareErrorRate(
  input: JudgeInput,
  gated: boolean,
): { result: CheckResult; state: AnalysisTestState } {
  const { alpha, margin } = input.settings.compareErrorRate;
  const { canary, stable } = input.cumulative;
  let maxLogEValue: number;
  let boundary: number;
  let state: AnalysisTestState;
  let basis: string;
  if (input.stableBaseline === true) {
    const found = baselineErrorRateEvidence(canary, stable, { margin, alpha });
    maxLogEValue = Math.max(input.testState?.baselineErrorRate?.maxLogEValue ?? 0, found.logEValue);
    boundary = 2 / alpha;
    state = { baselineErrorRate: { maxLogEValue } };
    basis = `; stable's baseline rate is at most ${percent(found.stableUpper)} with ${percent(1 - alpha / 2)} confidence`;
  } else {
    let test: ErrorRateTestState | undefined = input.testState?.errorRate;
    for (const stratum of input.strata) test = foldErrorRateStratum(test, stratum, margin);
    maxLogEValue = test?.maxLogEValue ?? 0;
    boundary = 1 / alpha;
    state = test === undefined ? {} : { errorRate: test };
    const seen = test?.seen;
    basis =
      seen === undefined
        ? '; no window both arms have finished reporting yet'
        : `; compared window by window over the same time (canary ${ratio(seen.canary.errors, seen.canary.requests)}, stable ${ratio(seen.stable.errors, seen.stable.requests)} in ${windowCount(input)})`;
  }
  const statistic = Math.exp(Math.min(maxLogEValue, MAX_REPORTED_LOG_EVALUE));
  const observed = canary.errorRate;
  const threshold = stable.errorRate * (1 + margin);
  const claim = margin > 0 ? `more than ${percent(margin)} above stable's` : `above stable's`;
  const name = input.stableBaseline === true ? 'stable baseline' : 'stable';
  const rates = `canary ${percent(canary.errorRate)} (${ratio(canary.errors, canary.requests)}) vs ${name} ${percent(stable.errorRate)} (${ratio(stable.errors, stable.requests)})`;
  const bound = input.stableBaseline === true ? '2/α' : '1/α';
  if (gated) {
    return {
      result: {
        name: 'compareErrorRate',
        status: 'skipped',
        observed,
        threshold,
        statistic,
        boundary,
        detail: `${rates}; not judged before the minimum samples`,
      },
      state,
    };
  }
  const failed = maxLogEValue >= Math.log(boundary);
  // Totals can look healthy while no window has been compared: a pass waits for one.
  const compared = input.stableBaseline === true || (state.errorRate?.seen ?? undefined) !== undefined;
  return {
    result: {
      name: 'compareErrorRate',
      status: failed ? 'fail' : compared ? 'pass' : 'inconclusive',
      observed,
      threshold,
      statistic,
      boundary,
      detail: `${rates}: evidence ${evidence(statistic)} ${failed ? '≥' : '<'} ${evidence(boundary)} (${bound}) that the canary's error rate is ${claim}${basis}`,
    },
    state,
  };
}

/** "N windows": the strata folded so far, this tick's included. */
export function windowCount(input: JudgeInput): string {
  const folded = (input.testState?.windows ?? 0) + input.strata.length;
  return `${count(folded)} ${folded === 1 ? 'window' : 'windows'}`;
}
