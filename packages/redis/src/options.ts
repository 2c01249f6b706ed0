import type { RedisConnectionOptions } from './connection/redis-client.js';

export interface RedisStoreOptions extends RedisConnectionOptions {
  /**
   * Starts every key and channel, so that several apps or environments share one Redis
   * (`shop:prod:`, `shop:staging:`). All keys of one prefix share a Cluster hash tag.
   * @default 'rampkit:'
   */
  prefix?: string;
  /** Longest wait for any Redis command, in milliseconds; past it the call fails with StoreUnavailableError. @default 2000 */
  commandTimeoutMs?: number;
  /**
   * How often subscribers check the stored configuration version, in milliseconds. Pub/sub delivers
   * changes at once; the poll heals a message missed during a reconnection. @default 2000
   */
  pollIntervalMs?: number;
  /** Metrics windows expire this long after their last write, in milliseconds. @default 3_600_000 (1 hour) */
  metricsRetentionMs?: number;
  /**
   * An experiment's exposures and per-unit totals expire this long after its last write, in
   * milliseconds: that long after the experiment stops receiving traffic. @default 2_592_000_000 (30 days)
   */
  experimentDataRetentionMs?: number;
  /**
   * Longest stretch of event-loop time spent serialising or parsing a configuration before
   * yielding, in milliseconds. @default 2
   */
  sliceMs?: number;
  /** Configuration writes the audit log (the list `{prefix}audit`) keeps, the newest. @default 1000 */
  auditRetention?: number;
  /** Clock for snapshot times, lease expiry estimates and metrics retention. @default Date.now */
  now?: () => number;
}

export const DEFAULTS = {
  prefix: 'rampkit:',
  commandTimeoutMs: 2_000,
  pollIntervalMs: 2_000,
  metricsRetentionMs: 3_600_000,
  experimentDataRetentionMs: 2_592_000_000,
  sliceMs: 2,
} as const;
