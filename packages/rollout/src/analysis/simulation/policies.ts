import { defaultStaleAfterMs } from '../../plan/stale-after.js';
import { readTimeline, type TimelineMark } from '../../state/clock.js';
import { type EvidenceAnchors, gatherEvidence, reanchorAfterClockStep } from '../evidence.js';
import { judge } from '../judge.js';
import { type AnalysisSettingsInput, resolveAnalysisSettings } from '../settings.js';
import type { AnalysisTestState, Verdict } from '../types.js';
import type { TrafficView } from './traffic.js';

/** One way of deciding, check after check, whether to roll a canary back or let it move on. */
export interface RollbackPolicy {
  readonly name: string;
  /** Seconds between two checks. */
  readonly intervalSeconds: number;
  /** One check at `view.now`; `stepStartedAt` is when the step the rollout is at began (seconds). */
  check(view: TrafficView, context: { stepStartedAt: number }): PolicyCheck;
}

export interface PolicyCheck {
  /** Roll back now. */
  rollback: boolean;
  /** The check held for lack of data (neither pass nor fail). */
  inconclusive: boolean;
  /** The rollout may leave its step once the step's time is up. */
  advance: boolean;
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
  /** The plan's `analysis.staleAfter`. @default the interval, at least 30 s */
  staleAfterSeconds?: number;
  /** Sees every verdict, for tests that look inside. @default none */
  onVerdict?: (verdict: Verdict, view: TrafficView) => void;
}

/**
 * Rampkit's analysis as the controller runs it: each check reads the metrics windows the
 * applications have flushed, gathers the evidence from them (analysis/evidence.ts), judges it with
 * the previous `testState`, keeps its own time on the steady clock and re-anchors its reads when the
 * wall clock steps (state/clock.ts), and rolls back on a critical failure or after
 * `consecutiveFailures` failed verdicts in a row (a pass resets the count, an inconclusive verdict
 * leaves it). A step may end only on a passing verdict.
 */
export function rampkitPolicy(options: RampkitPolicyOptions = {}): PolicyFactory {
  const settings = resolveAnalysisSettings(options.settings ?? {});
  const intervalSeconds = options.intervalSeconds ?? 1;
  const intervalMs = intervalSeconds * 1000;
  const staleAfterMs =
    options.staleAfterSeconds === undefined
      ? defaultStaleAfterMs(intervalMs)
      : options.staleAfterSeconds * 1000;
  const name = options.name ?? 'rampkit';
  return () => {
    let testState: AnalysisTestState | undefined;
    let failures = 0;
    let mark: TimelineMark | undefined;
    let anchors: EvidenceAnchors | undefined;
    let stepStartedAt = -1;
    return {
      name,
      intervalSeconds,
      check(view, context) {
        const reading = view.clock();
        const time = readTimeline({ wall: view.wallAt(0), timeline: view.wallAt(0) }, mark, reading);
        mark = { ...reading, timeline: time.timeline };
        const start = view.wallAt(0);
        anchors ??= { since: start, stepSince: start, through: start };
        if (time.step !== 0) {
          anchors = reanchorAfterClockStep(anchors, time.step, time.wall);
          if (testState !== undefined) testState = { ...testState, through: anchors.through };
        }
        if (context.stepStartedAt !== stepStartedAt) {
          stepStartedAt = context.stepStartedAt;
          anchors = { ...anchors, stepSince: Math.max(anchors.since, view.wallAt(stepStartedAt)) };
        }
        const { since } = anchors;
        const wall = time.wall;
        const evidence = gatherEvidence(view.windows(), {
          stable: 'stable',
          canary: 'canary',
          since,
          stepSince: anchors.stepSince,
          intervalFrom: Math.max(since, wall - intervalMs),
          now: wall,
          through: Math.max(since, testState?.through ?? since),
          staleAfterMs,
          ...(anchors.excluded === undefined ? {} : { excluded: anchors.excluded }),
        });
        const verdict: Verdict = judge({
          settings,
          ...evidence,
          now: wall,
          ...(testState === undefined ? {} : { testState }),
        });
        options.onVerdict?.(verdict, view);
        testState = verdict.testState;
        if (verdict.status === 'fail') failures += 1;
        else if (verdict.status === 'pass') failures = 0;
        return {
          rollback: verdict.critical || failures >= settings.consecutiveFailures,
          inconclusive: verdict.status === 'inconclusive',
          advance: verdict.status === 'pass',
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
        // A failed check also halts advancement until a check passes.
        return { rollback: failedChecks >= threshold, inconclusive: false, advance: !failed };
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
        // Background analysis does not gate the steps: they move on when their pause ends.
        return { rollback: failed > failureLimit, inconclusive: false, advance: true };
      },
    };
  };
}
