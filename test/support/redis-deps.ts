/**
 * test/ is not a workspace package, so the Redis suites reach the packages and their dependencies
 * through the packages' folders. Everything comes from one place, so the suites, the store under
 * test and @rampkit/core share one copy of each module (one `RampkitError` class, one ioredis).
 */

export type {
  ConfigSnapshot,
  FlagDefinition,
  FlagsConfig,
  Lease,
  MetricsWindow,
} from '@rampkit/core';
export {
  ConflictError,
  createClient,
  InvalidConfigError,
  isRampkitError,
  LatencyHistogram,
  LeaseLostError,
  MemoryStore,
  StoreUnavailableError,
} from '@rampkit/core';
export { Cluster, Redis } from '../../packages/redis/node_modules/ioredis/built/index.js';
export type { RedisStoreOptions } from '../../packages/redis/src/index.js';
export { KeySpace, RedisStore } from '../../packages/redis/src/index.js';
