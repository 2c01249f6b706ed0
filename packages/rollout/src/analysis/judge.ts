import type { ArmMetrics } from '@rampkit/core';
import { checkCompareErrorRate } from './checks/compare-error-rate.js';
import { checkCompareLatency } from './checks/compare-latency.js';
import { checkErrorRate } from './checks/error-rate.js';
import { checkLatency } from './checks/latency.js';
import { checkMinSamples } from './checks/min-samples.js';
import type { AnalysisTestState, CheckResult, JudgeInput, Verdict } from './types.js';

/**
 * One tick of canary analysis: a pure, deterministic function of its input (docs/statistics.md).
 *
 * 1. minSamples: until both arms have `minRequests` requests, every other check is `skipped` and the
 *    verdict is `inconclusive` — too little data holds, it never fails.
 * 2. errorRate / latency (when limits are set): absolute limits on the latest interval's canary,
 *    failing only when exceeded with confidence 1 − alpha.
 * 3. compareErrorRate: the anytime-valid sequential test of canary vs stable (or vs a blue-green
 *    baseline, `stableBaseline`); its evidence is updated on every tick (also during step 1) and
 *    returned in `testState` for the next tick.
 * 4. compareLatency: canary vs stable quantile with time-uniform bounds, once both arms have its
 *    `minRequests` latency samples.
 *
 * The verdict fails if any check failed, is inconclusive if any check is still waiting for data, and
 * passes otherwise; `skipped` checks (nothing to judge this tick, such as an interval without canary
 * requests) count for neither. It is `critical` when a failed check is listed in `settings.critical`.
 * The state machine counts consecutive failures.
 */
export function judge(input: JudgeInput): Verdict {
  const { settings } = input;
  const minSamples = checkMinSamples(input);
  const gated = minSamples.status !== 'pass';
  const checks: CheckResult[] = [minSamples];
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
    checks.push(gated ? skipped('compareLatency') : checkCompareLatency(input));
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
    at: input.now,
    testState,
  };
}

function skipped(name: CheckResult['name']): CheckResult {
  return { name, status: 'skipped', detail: 'not judged before the minimum samples' };
}

function snapshot(arm: ArmMetrics): Verdict['arms']['stable'] {
  return {
    requests: arm.requests,
    errors: arm.errors,
    errorRate: arm.errorRate,
    p50: arm.p50,
    p95: arm.p95,
    p99: arm.p99,
  };
}
