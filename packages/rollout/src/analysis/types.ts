import type { ArmMetrics, ArmTotals, HistogramData } from '@rampkit/core';
import type { ErrorRateTestState } from '@rampkit/core/stats';

/**
 * The contract between the rollout state machine and the judge: each tick the controller reads
 * per-arm metrics from the metrics store and asks `judge()` for a verdict; the judge is a pure,
 * deterministic function of its input. docs/statistics.md explains every check.
 */

export type LatencyQuantile = 'p50' | 'p95' | 'p99';
export type CheckName =
  | 'minSamples'
  | 'freshness'
  | 'errorRate'
  | 'latency'
  | 'compareErrorRate'
  | 'compareLatency';

export interface AnalysisSettings {
  /**
   * Requests each arm needs, gathered at the step in force, before a verdict can pass; and since
   * the rollout began, before one can fail. @default 200
   */
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
   * Latency regression: canary requests slower than (1 + `tolerance`) × stable's `quantile` more
   * often than stable's own requests are slower than it, window by window, by an anytime-valid
   * sequential test; it starts once both arms have `minRequests` latency samples.
   * @default { enabled: true, quantile: 'p95', tolerance: 0.3, minRequests: 500 }
   */
  compareLatency: { enabled: boolean; quantile: LatencyQuantile; tolerance: number; minRequests: number };
  /** Checks whose single failure rolls back at once. @default ['compareErrorRate'] */
  critical: CheckName[];
  /** Failed ticks in a row (non-critical checks) that make a step fail. @default 3 */
  consecutiveFailures: number;
}

/** Both arms' totals over one stretch of time. */
export interface ArmPair {
  stable: ArmMetrics;
  canary: ArmMetrics;
}

/**
 * One stretch of time — a metrics window — in which both arms are compared: what each served over
 * the same time, so a spike or slowdown shared by both arms meets both. Only windows that both arms
 * have finished reporting are strata (analysis/evidence.ts).
 */
export interface Stratum {
  /** Epoch milliseconds (the metrics' clock), inclusive. */
  from: number;
  /** Epoch milliseconds, exclusive. */
  to: number;
  stable: ArmTotals;
  canary: ArmTotals;
}

/** When each arm last reported metrics, in the metrics' clock; null when it never did in the rollout. */
export interface Freshness {
  /** End of the newest window the arm reported (capped at `now`); null for none. */
  stable: number | null;
  canary: number | null;
  /** An arm silent for longer than this is stale: its evidence is not fresh. */
  staleAfterMs: number;
}

/**
 * What the judge sees. Evidence that may roll a canary back and evidence that may promote it are
 * not the same:
 * - a failure may rest on everything since the rollout began (`cumulative`, and the sequential
 *   tests' `testState`): a bad canary stays bad;
 * - a pass needs evidence gathered at the step in force (`step`), from both arms, and both arms
 *   still reporting (`freshness`): a canary whose metrics stopped arriving is never promoted on
 *   what it did before.
 */
export interface JudgeInput {
  settings: AnalysisSettings;
  /** Since the rollout (blue-green: the post-switch window) began. */
  cumulative: ArmPair;
  /** Since the step in force began: what a passing verdict needs `minRequests` of. */
  step: ArmPair;
  /** Only the latest interval: what absolute limits are checked on, so a past spike ages out. */
  interval: ArmPair;
  /** When each arm last reported. */
  freshness: Freshness;
  /**
   * Windows both arms have finished reporting and the sequential comparisons have not yet seen, in
   * time order. Each is folded into `testState` once (`testState.through` moves past it).
   */
  strata: Stratum[];
  /** Epoch milliseconds of this tick, in the metrics' clock. */
  now: number;
  /** The `testState` of the previous verdict of this rollout (the state machine persists it). */
  testState?: AnalysisTestState;
  /**
   * `stable` (cumulative, step and interval) is a fixed baseline measured before a blue-green
   * switch, not traffic served alongside the canary: the comparisons then test the canary against
   * bounds on stable's baseline, and only the canary must be fresh. @default false
   */
  stableBaseline?: boolean;
}

/** Evidence the sequential tests carry from one tick to the next: plain JSON, persisted with the rollout. */
export interface AnalysisTestState {
  /** End of the last stratum folded into the tests (metrics' clock); later windows are new evidence. */
  through?: number;
  /** How many strata have been folded so far. */
  windows?: number;
  /** The canary-vs-stable error-rate test on concurrent traffic, stratum by stratum. */
  errorRate?: ErrorRateTestState;
  /** The canary-vs-baseline error-rate test (`stableBaseline`): the largest ln e-value reached so far. */
  baselineErrorRate?: { maxLogEValue: number };
  /** The canary-vs-stable latency test on concurrent traffic, stratum by stratum. */
  latency?: LatencyTestState;
}

/**
 * The latency comparison's evidence: a rate test, per stratum, of "canary request slower than
 * (1 + tolerance) × threshold" against "stable request slower than threshold", where the threshold
 * is stable's quantile as measured before the stratum (so it never depends on the data it judges).
 */
export interface LatencyTestState {
  quantile: LatencyQuantile;
  tolerance: number;
  /** Stable's quantile before the next strata, in milliseconds; null until stable has the samples. */
  threshold: number | null;
  /** The exceedance counts folded so far (`seen`) and the evidence (margin 0). */
  test?: ErrorRateTestState;
  /** Stable's latencies over the strata folded so far: where `threshold` comes from. */
  stableSeen?: HistogramData;
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
  /** Snapshot of the inputs that mattered, for the history and reports: since the rollout began. */
  arms: { stable: ArmSnapshot; canary: ArmSnapshot };
  /** The same, gathered at the step in force: what a pass rests on. */
  stepArms?: { stable: ArmSnapshot; canary: ArmSnapshot };
  at: number;
  /** Pass it back as `JudgeInput.testState` on the next tick of the same rollout. */
  testState?: AnalysisTestState;
}

export interface ArmSnapshot {
  requests: number;
  errors: number;
  errorRate: number;
  p50: number;
  p95: number;
  p99: number;
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
