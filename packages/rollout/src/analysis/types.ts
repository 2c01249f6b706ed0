import type { ArmMetrics, ErrorRateTestState } from '@rampkit/core';

/**
 * The contract between the rollout state machine and the judge: each tick the controller reads
 * per-arm metrics from the metrics store and asks `judge()` for a verdict; the judge is a pure,
 * deterministic function of its input. docs/statistics.md explains every check.
 */

export type LatencyQuantile = 'p50' | 'p95' | 'p99';
export type CheckName = 'minSamples' | 'errorRate' | 'latency' | 'compareErrorRate' | 'compareLatency';

export interface AnalysisSettings {
  /** Requests each arm needs before any verdict other than `inconclusive`. @default 200 */
  minRequests: number;
  /** Absolute limit on the canary's error rate (0..1). @default undefined (no absolute limit) */
  maxErrorRate?: number;
  /** Absolute limits on the canary's latency quantiles, in milliseconds. @default {} */
  maxLatencyMs?: Partial<Record<LatencyQuantile, number>>;
  /**
   * Canary vs stable error rate by an anytime-valid sequential test: fails once the evidence that
   * the canary's error rate exceeds stable's by more than `margin` crosses 1/alpha. The margin is
   * relative: 0.1 tolerates a canary error rate up to 10% above stable's (1.1% against 1%).
   * @default { enabled: true, alpha: 0.01, margin: 0 }
   */
  compareErrorRate: { enabled: boolean; alpha: number; margin: number };
  /**
   * Latency regression: the canary's `quantile` more than `tolerance` (0.3 = 30%) above stable's,
   * once both arms have `minRequests` samples. @default { enabled: true, quantile: 'p95', tolerance: 0.3, minRequests: 500 }
   */
  compareLatency: { enabled: boolean; quantile: LatencyQuantile; tolerance: number; minRequests: number };
  /** Checks whose single failure rolls back at once. @default ['compareErrorRate'] */
  critical: CheckName[];
  /** Failed ticks in a row (non-critical checks) that make a step fail. @default 3 */
  consecutiveFailures: number;
}

/**
 * What the judge sees: each arm's totals since the rollout began (one sequential test across all
 * steps, so the false-rollback rate stays within alpha over the whole plan however often it looks),
 * plus the latest interval alone.
 */
export interface JudgeInput {
  settings: AnalysisSettings;
  /** Cumulative since the rollout (blue-green: the post-switch window) began: what the sequential
   * test and the latency comparison use. */
  cumulative: { stable: ArmMetrics; canary: ArmMetrics };
  /** Only the latest interval: what absolute limits are checked on, so a past spike ages out. */
  interval: { stable: ArmMetrics; canary: ArmMetrics };
  /** Epoch milliseconds of this tick. */
  now: number;
  /**
   * The `testState` of the previous verdict of this rollout (the state machine persists it). The
   * sequential error-rate test judges each interval with its own traffic split; without it the whole
   * cumulative total counts as one interval, still valid but blind to a shared error rate that drifts.
   */
  testState?: AnalysisTestState;
  /**
   * `stable` (cumulative and interval) is a fixed baseline measured before a blue-green switch, not
   * traffic served alongside the canary: the error-rate comparison then tests the canary against an
   * upper bound on stable's baseline rate. @default false
   */
  stableBaseline?: boolean;
}

/** Evidence the sequential tests carry from one tick to the next: plain JSON, persisted with the rollout. */
export interface AnalysisTestState {
  /** The canary-vs-stable test on concurrent traffic. */
  errorRate?: ErrorRateTestState;
  /** The canary-vs-baseline test (`stableBaseline`): the largest ln e-value reached so far. */
  baselineErrorRate?: { maxLogEValue: number };
}

export type CheckStatus = 'pass' | 'fail' | 'inconclusive' | 'skipped';

/** One check's outcome with every input needed to explain it later. */
export interface CheckResult {
  name: CheckName;
  status: CheckStatus;
  /** What was measured (e.g. the canary's error rate). */
  observed?: number;
  /** The limit it was compared against. */
  threshold?: number;
  /** Test statistic (e.g. the mixture likelihood ratio), for the sequential test. */
  statistic?: number;
  /** The boundary the statistic must cross to fail (e.g. 1/alpha). */
  boundary?: number;
  /** One sentence a human can read: "canary error rate 4.1% > limit 2.0% over 812 requests". */
  detail: string;
}

export interface Verdict {
  /**
   * `fail`: some check failed; `pass`: every enabled check passed; `inconclusive`: not enough data
   * yet (never a failure by itself).
   */
  status: 'pass' | 'fail' | 'inconclusive';
  /** A failed check listed in `settings.critical`: roll back now, whatever the failure count. */
  critical: boolean;
  checks: CheckResult[];
  /** Snapshot of the inputs that mattered, for the history and reports. */
  arms: {
    stable: { requests: number; errors: number; errorRate: number; p50: number; p95: number; p99: number };
    canary: { requests: number; errors: number; errorRate: number; p50: number; p95: number; p99: number };
  };
  at: number;
  /** Pass it back as `JudgeInput.testState` on the next tick of the same rollout. */
  testState?: AnalysisTestState;
}

export const DEFAULT_ANALYSIS: AnalysisSettings = {
  minRequests: 200,
  compareErrorRate: { enabled: true, alpha: 0.01, margin: 0 },
  compareLatency: { enabled: true, quantile: 'p95', tolerance: 0.3, minRequests: 500 },
  // The sequential test's false alarms are already bounded by alpha: asking it to fail three
  // times in a row only delays a rollback (docs/statistics.md, "Tuning").
  critical: ['compareErrorRate'],
  consecutiveFailures: 3,
};
