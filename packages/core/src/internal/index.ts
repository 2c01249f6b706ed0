/**
 * @rampkit/core/internal — helpers Rampkit's own packages share with core (long work sliced so
 * that it yields to the event loop). Not public API: it may change in any release.
 */
export {
  runSteps,
  runStepsInSlices,
  type SliceHooks,
  type Steps,
  type TimeSliceOptions,
} from './time-slice.js';
