import { judge } from '../judge.js';
import { type AnalysisSettingsInput, resolveAnalysisSettings } from '../settings.js';
import type { AnalysisTestState, Verdict } from '../types.js';
import type { TrafficView } from './traffic.js';

/** One way of deciding, check after check, whether to roll a canary back. */
export interface RollbackPolicy {
  readonly name: string;
  /** Seconds between two checks. */
  readonly intervalSeconds: number;
  /** One check at `view.now`. */
  check(view: TrafficView): PolicyCheck;
}

export interface PolicyCheck {
  /** Roll back now. */
  rollback: boolean;
  /** The check held for lack of data (neither pass nor fail). */
  inconclusive: boolean;
}

/** A fresh, stateful policy for each simulated rollout. */
export type PolicyFactory = () => RollbackPolicy;

export interface RampkitPolicyOptions {
  /** @default 'rampkit' */
  name?: string;
  /** Analysis settings; defaults from DEFAULT_ANALYSIS. @default {} */
  settings?: AnalysisSettingsInput;
  /** @default 1 */
  intervalSeconds?: number;
}

/**
 * Rampkit's judge driven the way the state machine drives it: the interval is the time since the
 * previous check, `testState` goes from one verdict to the next, and the rollout rolls back on a
 * critical failure or after `consecutiveFailures` failed checks in a row (a pass resets the count,
 * an inconclusive check leaves it).
 */
export function rampkitPolicy(options: RampkitPolicyOptions = {}): PolicyFactory {
  const settings = resolveAnalysisSettings(options.settings ?? {});
  const intervalSeconds = options.intervalSeconds ?? 1;
  const name = options.name ?? 'rampkit';
  return () => {
    let lastCheck = 0;
    let testState: AnalysisTestState | undefined;
    let failures = 0;
    return {
      name,
      intervalSeconds,
      check(view) {
        const cumulative = view.arms(0);
        const interval = view.arms(lastCheck);
        const verdict: Verdict = judge({
          settings,
          cumulative,
          interval,
          now: view.now * 1000,
          ...(testState === undefined ? {} : { testState }),
        });
        lastCheck = view.now;
        testState = verdict.testState;
        if (verdict.status === 'fail') failures += 1;
        else if (verdict.status === 'pass') failures = 0;
        return {
          rollback: verdict.critical || failures >= settings.consecutiveFailures,
          inconclusive: verdict.status === 'inconclusive',
        };
      },
    };
  };
}

export interface FlaggerPolicyOptions {
  /** Analysis schedule (Flagger `analysis.interval`). @default 60 */
  intervalSeconds?: number;
  /** Window of the request-success-rate query (the metric's `interval`). @default 60 */
  windowSeconds?: number;
  /** `thresholdRange.min` of request-success-rate, as a fraction. @default 0.99 */
  minSuccessRate?: number;
  /** `analysis.threshold`: failed checks before rollback. @default 5 */
  threshold?: number;
}

/**
 * Flagger's built-in request-success-rate check as documented (https://docs.flagger.app/usage/metrics):
 * a check fails when the canary's success rate over the metric window is below the minimum, or when the
 * query finds no values (no canary traffic: "Halt advancement no values found", counted as a failed
 * check); failed checks accumulate over the analysis and the canary is rolled back once they reach
 * `threshold`.
 */
export function flaggerPolicy(options: FlaggerPolicyOptions = {}): PolicyFactory {
  const intervalSeconds = options.intervalSeconds ?? 60;
  const windowSeconds = options.windowSeconds ?? 60;
  const minSuccessRate = options.minSuccessRate ?? 0.99;
  const threshold = options.threshold ?? 5;
  return () => {
    let failedChecks = 0;
    return {
      name: `Flagger (success ≥ ${100 * minSuccessRate}%), every ${intervalSeconds}s`,
      intervalSeconds,
      check(view) {
        const { requests, errors } = view.counts('canary', view.now - windowSeconds);
        const failed = requests === 0 || 1 - errors / requests < minSuccessRate;
        if (failed) failedChecks += 1;
        return { rollback: failedChecks >= threshold, inconclusive: false };
      },
    };
  };
}

export interface ArgoPolicyOptions {
  /** Measurement `interval`. @default 300 */
  intervalSeconds?: number;
  /** Range of the rate() query. @default 300 */
  windowSeconds?: number;
  /** The success condition `result >= 1 − maxErrorRate`. @default 0.05 */
  maxErrorRate?: number;
  /** `failureLimit`: the analysis fails when failed measurements exceed it. @default 3 */
  failureLimit?: number;
}

/**
 * Argo Rollouts' background analysis as in its documentation's success-rate example
 * (https://argoproj.github.io/argo-rollouts/features/analysis/): every `interval` a measurement of the
 * canary's success rate over the window; `successCondition: result >= 0.95`; the run fails, and the
 * rollout aborts, once failed measurements exceed `failureLimit` (counted over the whole run). Without
 * canary traffic the ratio is NaN, which fails the condition.
 */
export function argoPolicy(options: ArgoPolicyOptions = {}): PolicyFactory {
  const intervalSeconds = options.intervalSeconds ?? 300;
  const windowSeconds = options.windowSeconds ?? 300;
  const maxErrorRate = options.maxErrorRate ?? 0.05;
  const failureLimit = options.failureLimit ?? 3;
  return () => {
    let failed = 0;
    return {
      name: `Argo (success ≥ ${100 * (1 - maxErrorRate)}%), every ${intervalSeconds}s`,
      intervalSeconds,
      check(view) {
        const { requests, errors } = view.counts('canary', view.now - windowSeconds);
        if (requests === 0 || errors / requests > maxErrorRate) failed += 1;
        return { rollback: failed > failureLimit, inconclusive: false };
      },
    };
  };
}
