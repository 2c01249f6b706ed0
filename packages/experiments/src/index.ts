/**
 * @rampkit/experiments — the stats engine of Rampkit experiments: from per-arm sufficient statistics to
 * lifts with anytime-valid intervals, a sample-ratio check, CUPED, a correction across arms × goals, a
 * decision with its reason, and planning. docs/experiments.md explains every number and formula.
 *
 * This list is the package's contract. Held back on purpose: the numerical building blocks (normal
 * distribution, boundary-crossing recursion, mixture boundaries, Holm) and the per-comparison
 * internals, which may change without notice; use the results instead.
 */

// Analysis
export type { AnalyzeOptions } from './analysis/analyze-experiment.js';
export { analyzeExperiment } from './analysis/analyze-experiment.js';
export type {
  ArmResult,
  ArmSummary,
  Comparison,
  Decision,
  DecisionAction,
  DecisionCode,
  ExperimentResult,
  Interval,
  MetricResult,
  SrmResult,
  Verdict,
} from './analysis/result.js';
// Errors
export type { ExperimentsErrorCode } from './errors.js';
export {
  InvalidExperimentError,
  InvalidStatisticsError,
  isInvalidExperimentError,
  isInvalidStatisticsError,
} from './errors.js';
// Model and validation
export type {
  ArmDefinition,
  ArmInput,
  Design,
  DesignInput,
  ExperimentDefinition,
  ExperimentInput,
} from './model/experiment-definition.js';
export { DEFAULT_SRM_ALPHA, validateExperiment } from './model/experiment-definition.js';
export type {
  CupedSettings,
  MetricCap,
  MetricDefinition,
  MetricDirection,
  MetricInput,
  MetricKind,
  MetricRole,
} from './model/metric-definition.js';
// Planning
export type { Baseline, PlanDesign, PlanOptions, SamplePlan } from './planning/plan.js';
export { planDuration, planMinimumDetectableEffect, planSampleSize } from './planning/plan.js';
// Sample ratio
export { checkSampleRatio } from './srm/check-srm.js';
// Sufficient statistics
export type { MetricObservation, UnitObservation } from './statistics/build-statistics.js';
export { buildStatistics } from './statistics/build-statistics.js';
export { mergeStatistics } from './statistics/merge-statistics.js';
export type {
  ArmStatistics,
  CovariateSums,
  DenominatorSums,
  ExperimentStatistics,
  MetricSums,
} from './statistics/sufficient-statistics.js';
export type { TrackedUnitsOptions } from './statistics/tracked-units.js';
export { unitsFromTracking } from './statistics/tracked-units.js';
export { validateStatistics } from './statistics/validate-statistics.js';
