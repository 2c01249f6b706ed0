/**
 * What the Redis suites import, from one place: @rampkit/core by name (the root's dev dependency),
 * the Redis package and ioredis through the Redis package's folder, which the root does not depend
 * on. The suites, the store under test and @rampkit/core then share one copy of each module (one
 * `RampkitError` class, one ioredis).
 */

export type {
  ConfigSnapshot,
  ExperimentDataBatch,
  FlagDefinition,
  FlagsConfig,
  Lease,
  MetricsWindow,
  UnitMetricIncrement,
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
export type { RedisStoreOptions } from '@rampkit/redis';
export { isConfigHistoryError, KeySpace, RedisStore } from '@rampkit/redis';
export { Cluster, Redis } from 'ioredis';
