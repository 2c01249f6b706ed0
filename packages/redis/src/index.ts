/**
 * @rampkit/redis — RedisStore: Rampkit's configuration, metrics, leases and documents on Redis
 * (standalone, Sentinel or Cluster), through ioredis.
 *
 * This list is the package's contract. Held back on purpose: the Lua scripts, the snapshot chunk
 * format and the connection wrapper (they change freely; the key layout is documented in
 * docs/redis.md and exposed read-only as `store.keys`).
 */

export {
  type ConfigHistoryChange,
  ConfigHistoryError,
  isConfigHistoryError,
  type RedisErrorCode,
  type StoredVersionRef,
} from './config/config-history-error.js';
export type { RedisClient, RedisConnectionOptions } from './connection/redis-client.js';
export type { RedisStoreEvents } from './events.js';
export { KeySpace } from './keys.js';
export type { RedisStoreOptions } from './options.js';
export { RedisStore } from './redis-store.js';
export type { StickyOptions } from './sticky/sticky-assignments.js';
