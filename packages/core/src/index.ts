/**
 * @rampkit/core — deterministic bucketing, feature flags, splits and evaluation.
 *
 * This list is the package's contract and is kept small on purpose. Held back:
 * - the compiled form of a configuration and the evaluator's internals (they change freely);
 * - `FileStore`, which needs `node:fs`: import it from `@rampkit/core/file-store` so that edge
 *   bundles of this entry stay free of Node built-ins;
 * - the test helpers: `@rampkit/core/testing`.
 */

export type { AuditWrite } from './audit/audit-entry.js';
// Audit log of configuration writes (docs/operations.md, "Audit log")
export { buildAuditEntry } from './audit/audit-entry.js';
export {
  appendAudit,
  auditRetentionOf,
  DEFAULT_AUDIT_RETENTION,
  selectAudit,
} from './audit/audit-retention.js';
export type { ConfigDiff, DiffOptions } from './audit/flag-diff.js';
export { diffConfigs, UNBOUNDED_DIFF } from './audit/flag-diff.js';
export type { AuditEntry, AuditInfo, AuditLog, AuditQuery, FieldChange, FlagChange } from './audit/types.js';
export { isAuditLog } from './audit/types.js';
// Bucketing: the contract other languages reproduce (docs/bucketing.md)
export {
  BUCKETS,
  bucketOf,
  COVERAGE_SEED,
  LAYER_SEED,
  murmur3,
  murmur3Bytes,
  SPLIT_SEED,
  toHashInput,
} from './bucketing/hash.js';
// Client
export { createClient, RampkitClient } from './client/client.js';
export type { ChangeEvent, ClientEvents, ExposureEvent } from './client/events.js';
export type { ClientObserver } from './client/observers.js';
export type { ClientOptions } from './client/options.js';
export type { FlagDefault, FlagValue, FlagValueTypes } from './client/typed-flags.js';
export type { RampkitLogger } from './client/unheard-errors.js';
export type { AnyRampkitErrorCode, RampkitErrorCode, ValidationIssue } from './errors/errors.js';
// Errors
export {
  ConflictError,
  InvalidConfigError,
  isConflictError,
  isInvalidConfigError,
  isLeaseLostError,
  isRampkitError,
  isStoreUnavailableError,
  LeaseLostError,
  RampkitError,
  StoreUnavailableError,
} from './errors/errors.js';
export type { EvaluationErrorCode, EvaluationReason, EvaluationResult } from './evaluation/result.js';
// Experiments: tracking (docs/experiments.md, "Tracking")
export {
  acceptsIncrement,
  attributedArm,
  type FirstExposure,
  firstExposure,
} from './experiments/attribution.js';
export type { TrackingStats } from './experiments/tracker.js';
export type {
  ExperimentDataBatch,
  ExperimentExposure,
  ExperimentUnitRow,
  TrackEvent,
  UnitMetricIncrement,
  UnitMetricTotals,
} from './experiments/types.js';
export { MetricsAggregator } from './metrics/aggregator.js';
// Metrics
export { emptyHistogramData, LatencyHistogram, mergeHistogramData, quantileOf } from './metrics/histogram.js';
export type { ArmTotals } from './metrics/summarize.js';
export { summarizeArms, toArmMetrics } from './metrics/summarize.js';
export type { ArmMetrics, HistogramData, MetricsQuery, MetricsWindow, Outcome } from './metrics/types.js';
export {
  mergeMetricsWindows,
  mergeWindowReports,
  sortWindows,
  storedMetricsWindow,
} from './metrics/windows.js';
export { parseConfigJson } from './model/config-json.js';
// Model and validation
export { isTrackedFlag } from './model/tracked.js';
export type {
  Condition,
  ConfigSnapshot,
  ContextValue,
  EvaluationContext,
  FlagDefinition,
  FlagsConfig,
  FlagType,
  JsonValue,
  Operator,
  Prerequisite,
  Rule,
  SegmentDefinition,
  Serve,
  Split,
} from './model/types.js';
export { type TimeSliceOptions, validateConfig, validateConfigAsync } from './model/validate.js';
export type { MemoryStoreOptions } from './stores/memory/memory-store.js';
// Stores
export { MemoryStore } from './stores/memory/memory-store.js';
export type {
  ConfigStore,
  ConfigWriteOptions,
  ConfigWriteResult,
  DocumentStore,
  ExperimentDataStore,
  Lease,
  LeaseStore,
  MetricsStore,
  RampkitStore,
  Unsubscribe,
} from './stores/types.js';
export { isExperimentDataStore, isMetricsStore } from './stores/types.js';
