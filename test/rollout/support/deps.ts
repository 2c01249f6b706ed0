/**
 * The rollout suites reach @rampkit/core by name (the root's dev dependency: its built dist, the same
 * module the rollout package imports) and msw, which only the rollout package depends on, through
 * that package's folder.
 */
export type { FlagDefinition, MetricsWindow } from '@rampkit/core';
export {
  ConflictError,
  LatencyHistogram,
  LeaseLostError,
  MemoryStore,
} from '@rampkit/core';
export { delay, HttpResponse, http } from 'msw';
export { setupServer } from 'msw/node';
