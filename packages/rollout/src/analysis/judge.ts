import type { ArmMetrics } from '@rampkit/core';
import { checkCompareErrorRate } from './checks/compare-error-rate.js';
import { checkCompareLatency } from './checks/compare-latency.js';
import { checkErrorRate } from './checks/error-rate.js';
import { checkFreshness } from './checks/freshness.js';
import { checkLatency } from './checks/latency.js';
import { checkMinSamples, enoughToJudge } from './checks/min-samples.js';
import type { AnalysisTestState, ArmSnapshot, CheckResult, JudgeInput, Verdict } from './types.js';

/**
 * One tick of canary analysis: a pure, deterministic function of its input (docs/statistics.md).
 *
 * 1. minSamples: a pass needs `minRequests` on each arm gathered at the step in force.
 * 2. freshness: a pass needs both arms to have reported within `staleAfterMs`.
 * 3. errorRate / latency (when limits are set): absolute limits on the latest interval's canary,
 *    failing only when exceeded with confidence 1 − alpha.
 * 4. compareErrorRate: the anytime-valid sequential test of canary vs stable, window by window (or
 *    vs a blue-green baseline, `stableBaseline`).
 * 5. compareLatency: canary vs stable latency, window by window by the same kind of test (or vs a
 *    baseline by time-uniform quantile bounds), once both arms have its `minRequests` samples.
 *
 * Checks 3–5 may fail once both arms have `minRequests` since the rollout began; before that they
 * are `skipped`. The sequential tests fold every new stratum on every tick, skipped or not, and
 * return their evidence in `testState` for the next tick.
 *
 * The verdict fails if any check failed — on evidence from any step, since a bad canary stays bad;
 * it is inconclusive if any check is still waiting (not enough data at this step, a silent arm);
 * it passes otherwise, so a pass always rests on fresh data from both arms at this step. `skipped`
 * checks (nothing to judge this tick) count for neither. It is `critical` when a failed check is
 * listed in `settings.critical`. The state machine counts consecutive failures.
 */
export function judge(input: JudgeInput): Verdict {
  const { settings } = input;
  const gated = !enoughToJudge(input);
  const checks: CheckResult[] = [checkMinSamples(input), checkFreshness(input)];
  const testState: AnalysisTestState = { ...input.testState };

  if (settings.maxErrorRate !== undefined) {
    checks.push(gated ? skipped('errorRate') : checkErrorRate(input, settings.maxErrorRate));
  }
  if (settings.maxLatencyMs !== undefined && Object.keys(settings.maxLatencyMs).length > 0) {
    checks.push(gated ? skipped('latency') : checkLatency(input, settings.maxLatencyMs));
  }
  if (settings.compareErrorRate.enabled) {
    const { result, state } = checkCompareErrorRate(input, gated);
    checks.push(result);
    Object.assign(testState, state);
  }
  if (settings.compareLatency.enabled) {
    const { result, state } = checkCompareLatency(input);
    checks.push(gated ? skipped('compareLatency') : result);
    if (state !== undefined) testState.latency = state;
  }
  const last = input.strata.at(-1);
  if (last !== undefined) {
    testState.through = last.to;
    testState.windows = (input.testState?.windows ?? 0) + input.strata.length;
  }

  const failed = checks.filter((check) => check.status === 'fail');
  const status =
    failed.length > 0
      ? 'fail'
      : checks.some((check) => check.status === 'inconclusive')
        ? 'inconclusive'
        : 'pass';
  return {
    status,
    critical: failed.some((check) => settings.critical.includes(check.name)),
    checks,
    arms: { stable: snapshot(input.cumulative.stable), canary: snapshot(input.cumulative.canary) },
    stepArms: { stable: snapshot(input.step.stable), canary: snapshot(input.step.canary) },
    at: input.now,
    testState,
  };
}

function skipped(name: CheckResult['name']): CheckResult {
  return { name, status: 'skipped', detail: 'not judged before the minimum samples' };
}

function snapshot(arm: ArmMetrics): ArmSnapshot {
  return {
    requests: arm.requests,
    errors: arm.errors,
    errorRate: arm.errorRate,
    p50: arm.p50,
    p95: arm.p95,
    p99: arm.p99,
  };
}
