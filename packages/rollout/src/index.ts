/**
 * @rampkit/rollout — a rollout controller that ramps a canary, judges it against stable each
 * interval and rolls back on its own. docs/plans.md documents plans; docs/operating-rollouts.md
 * the controller.
 *
 * This list is the package's contract. Held back on purpose: the runner's internals (persistence
 * keys, the tick), the gate and notification senders (but not the
 * notification's verifier, which receivers need), and `Draft`.
 */

// Judge (analysis/): the evidence each verdict rests on, and the statistics that judge it. The
// simulator of rollouts (analysis/simulation/) is held back here: it is `@rampkit/rollout/simulation`.
export type { Evidence, EvidenceAnchors, EvidenceQuery } from './analysis/evidence.js';
export { gatherEvidence, reanchorAfterClockStep, SETTLE_MS } from './analysis/evidence.js';
export { judge } from './analysis/judge.js';
export type { AnalysisSettingsInput } from './analysis/settings.js';
export { readAnalysisSettings, resolveAnalysisSettings } from './analysis/settings.js';
export type {
  AnalysisSettings,
  AnalysisTestState,
  ArmPair,
  ArmSnapshot,
  CheckName,
  CheckResult,
  CheckStatus,
  Freshness,
  JudgeInput,
  LatencyQuantile,
  LatencyTestState,
  Stratum,
  Verdict,
} from './analysis/types.js';
export { DEFAULT_ANALYSIS } from './analysis/types.js';
// Controller
export { createRolloutController, RolloutController } from './controller/controller.js';
export type { LeaseChange, PassSummary, RolloutEvents } from './controller/events.js';
export type {
  ActorOptions,
  ForceOptions,
  ReasonOptions,
  RolloutControllerOptions,
  StartOptions,
} from './controller/options.js';
export type { FlagOwner, RolloutStore } from './controller/persistence.js';
export { flagOwner } from './controller/persistence.js';
export type { Scheduler } from './controller/scheduler.js';
export { systemScheduler } from './controller/scheduler.js';
export type { RolloutDriver, RolloutStatus } from './controller/status.js';
export { planFitIssues } from './controller/traffic.js';
export type { Duration } from './duration.js';
export { durationMs, formatDuration } from './duration.js';
// Errors
export type { RolloutErrorCode } from './errors.js';
export {
  FrozenError,
  InvalidPlanError,
  InvalidTransitionError,
  isFrozenError,
  isInvalidPlanError,
  isInvalidTransitionError,
  isRolloutActiveError,
  isRolloutNotFoundError,
  RolloutActiveError,
  RolloutNotFoundError,
} from './errors.js';
export { describeFreeze } from './gates/freezes.js';
export type { WebhookGatePayload } from './gates/run-gates.js';
export { describeWindow } from './gates/windows.js';
export type { NotificationAudit, NotificationPayload } from './notify/payload.js';
export type { VerifyNotificationInput } from './notify/signing.js';
export {
  NOTIFICATION_SIGNATURE_HEADER,
  NOTIFICATION_TIMESTAMP_HEADER,
  verifyNotificationSignature,
} from './notify/signing.js';
// Plans
export { parsePlan } from './plan/parse.js';
export type {
  AnalysisInput,
  AnalysisOverrides,
  BlueGreenInput,
  DeploymentWindowInput,
  ExponentialInput,
  FreezeInput,
  FreezeSpec,
  GatesInput,
  HealthCheckFunction,
  HealthCheckInput,
  HealthCheckSpec,
  LinearInput,
  MetricsSourceSpec,
  NoDataAction,
  NotificationInput,
  NotificationSpec,
  PlanInput,
  PlanStep,
  RolloutPlan,
  StepInput,
  StrategyName,
  TransitionType,
  WebhookGateInput,
  WebhookSpec,
  Weekday,
  WindowSpec,
} from './plan/types.js';
export { expandPlan, validatePlan } from './plan/validate.js';
// Metrics sources: where a controller reads the arms' windows when not from the store
export type { MetricsSourceErrorCode } from './sources/errors.js';
export { isMetricsSourceError, MetricsSourceError } from './sources/errors.js';
export type { PrometheusSourceContext } from './sources/prometheus/source.js';
export { createPrometheusSource } from './sources/prometheus/source.js';
export type {
  PrometheusQueries,
  PrometheusSourceInput,
  PrometheusSourceSpec,
} from './sources/prometheus/types.js';
export type { ArmsQuery, MetricsSource } from './sources/types.js';
export type { ClockReading, RolloutClock, TimelineMark, TimelineNow } from './state/clock.js';
export { estimateTimeline, readTimeline, storedClock } from './state/clock.js';
export type { Command, CommandContext } from './state/commands.js';
export { applyCommand } from './state/commands.js';
// The decision: pure functions of (state, observation, now)
export type { Observation } from './state/decide.js';
export { decide, noteClockStep } from './state/decide.js';
export type { Action, Decision } from './state/draft.js';
export { createState, markApplied } from './state/lifecycle.js';
export type { Needs } from './state/needs.js';
export { needs } from './state/needs.js';
export type {
  AnalysisProgress,
  Block,
  GateEntry,
  GateResult,
  HistoryEntry,
  RolloutState,
  RolloutStatusName,
  StepPhase,
  StepProgress,
  TransitionEntry,
  VerdictEntry,
  VerdictRecord,
} from './state/types.js';
