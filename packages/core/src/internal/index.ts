/**
 * @rampkit/core/internal — helpers Rampkit's own packages share with core: long work sliced so that
 * it yields to the event loop; what was thrown turned into an `Error` or a message, and the `code` of
 * a Node error and the HTTP status of a framework's error read from it, each the one way; a share
 * written as a percentage the one way; a timer kept from holding the process open the one way; a
 * client's evaluation counts read when an exporter is scraped (`countEvaluations`); and a
 * configuration adopted (validated and deep-frozen, so clients compile its flags lazily) by a store
 * outside core (`adoptSteps`).
 * Not public API: it may change in any release.
 */
export {
  countEvaluations,
  type EvaluationCount,
  type EvaluationCounter,
} from '../client/evaluation-counts.js';
// A client's outcome counts likewise, read when an exporter is scraped.
export {
  countOutcomes,
  type OutcomeCount,
  type OutcomeCounter,
  type OutcomeCountsOptions,
} from '../client/outcome-counts.js';
export { type CodedError, errorCode, isNodeError } from '../errors/error-code.js';
export { errorStatus } from '../errors/error-status.js';
export { errorMessage, toError } from '../errors/to-error.js';
export { type AdoptOptions, adoptSteps } from '../model/adopted-config.js';
export { formatPercent, type PercentPrecision } from './percent.js';
export {
  runSteps,
  runStepsInSlices,
  type SliceHooks,
  type Steps,
  type TimeSliceOptions,
} from './time-slice.js';
export { unref } from './unref.js';
