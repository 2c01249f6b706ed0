/**
 * test/ is not a workspace package: the rollout suites reach @rampkit/core (its built dist, the same
 * module the rollout package imports) and msw through the packages' folders.
 */
export type { FlagDefinition, MetricsWindow } from '@rampkit/core';
export {
  ConflictError,
  LatencyHistogram,
  LeaseLostError,
  MemoryStore,
} from '@rampkit/core';
export { delay, HttpResponse, http } from '../../../packages/rollout/node_modules/msw/lib/core/index.mjs';
export { setupServer } from '../../../packages/rollout/node_modules/msw/lib/node/index.mjs';
