import type {
  ArmMetrics,
  AuditEntry,
  AuditLog,
  AuditQuery,
  ConfigSnapshot,
  ConfigStore,
  ConfigWriteOptions,
  ConfigWriteResult,
  DocumentStore,
  ExperimentDataBatch,
  ExperimentDataStore,
  ExperimentUnitRow,
  FlagsConfig,
  Lease,
  LeaseStore,
  MetricsQuery,
  MetricsStore,
  MetricsWindow,
  Unsubscribe,
} from '@rampkit/core';
import { auditRetentionOf, isStoreUnavailableError, RampkitError } from '@rampkit/core';
import { EventEmitter } from 'eventemitter3';
import { ConfigWatcher } from './config/config-watcher.js';
import { RedisConfig } from './config/redis-config.js';
import { Connection } from './connection/connection.js';
import { connectRedis, duplicateClient, type RedisClient } from './connection/redis-client.js';
import { RedisDocuments } from './documents/redis-documents.js';
import type { RedisStoreEvents } from './events.js';
import { RedisExperimentData } from './experiments/redis-experiment-data.js';
import { KeySpace } from './keys.js';
import { RedisLeases } from './leases/redis-leases.js';
import { RedisMetrics } from './metrics/redis-metrics.js';
import { DEFAULTS, type RedisStoreOptions } from './options.js';
import { defineRampkitCommands, type RampkitCommands } from './scripts/commands.js';
import { StickyAssignments, type StickyOptions } from './sticky/sticky-assignments.js';

/**
 * Every store facet on Redis (standalone, Sentinel or Cluster): versioned configuration with
 * compare-and-set writes and pub/sub propagation, metrics windows merged across instances, leases
 * with fencing tokens, CAS documents and optional sticky assignments.
 *
 * Nothing here sits between a request and its answer: evaluation uses the configuration the client
 * holds in memory. When Redis is unreachable or slow, store calls fail within `commandTimeoutMs`
 * with StoreUnavailableError (the client keeps serving and retries; metrics wait in the
 * aggregator's bounded buffer), the store emits `stale`, and after reconnecting it resynchronises
 * and emits `fresh`.
 */
export class RedisStore
  extends EventEmitter<RedisStoreEvents>
  implements ConfigStore, MetricsStore, LeaseStore, DocumentStore, ExperimentDataStore, AuditLog
{
  /** The keys, fields and channel this store uses. */
  readonly keys: KeySpace;
  readonly #options: Required<Omit<RedisStoreOptions, 'client' | 'url' | 'redis' | 'cluster'>>;
  readonly #connection: Connection;
  readonly #commands: RampkitCommands;
  readonly #config: RedisConfig;
  readonly #watcher: ConfigWatcher;
  readonly #metrics: RedisMetrics;
  readonly #experiments: RedisExperimentData;
  readonly #leases: RedisLeases;
  readonly #documents: RedisDocuments;
  readonly #sticky: StickyAssignments;
  #stale = false;
  #closed = false;

  /** @throws RampkitError `RAMPKIT_INVALID_ARGUMENT` for an empty prefix or a non-positive duration */
  constructor(options: RedisStoreOptions = {}) {
    super();
    this.#options = {
      prefix: options.prefix ?? DEFAULTS.prefix,
      commandTimeoutMs: positive('commandTimeoutMs', options.commandTimeoutMs ?? DEFAULTS.commandTimeoutMs),
      pollIntervalMs: positive('pollIntervalMs', options.pollIntervalMs ?? DEFAULTS.pollIntervalMs),
      metricsRetentionMs: positive(
        'metricsRetentionMs',
        options.metricsRetentionMs ?? DEFAULTS.metricsRetentionMs,
      ),
      experimentDataRetentionMs: positive(
        'experimentDataRetentionMs',
        options.experimentDataRetentionMs ?? DEFAULTS.experimentDataRetentionMs,
      ),
      sliceMs: positive('sliceMs', options.sliceMs ?? DEFAULTS.sliceMs),
      auditRetention: auditRetentionOf(options.auditRetention),
      now: options.now ?? Date.now,
    };
    this.keys = new KeySpace(this.#options.prefix);
    const { client, owned } = connectRedis(options, this.#options.commandTimeoutMs);
    this.#commands = defineRampkitCommands(client);
    this.#connection = new Connection(client, {
      timeoutMs: this.#options.commandTimeoutMs,
      owned,
      onDown: (error) => this.#outage(error),
      onUp: () => this.#resync(),
      onError: (error) => this.#outage(error),
    });
    const now = this.#options.now;
    this.#config = new RedisConfig(this.#connection, this.#commands, this.keys, {
      now,
      sliceMs: this.#options.sliceMs,
      auditRetention: this.#options.auditRetention,
      report: (error) => this.#report(error),
    });
    this.#metrics = new RedisMetrics(this.#connection, this.keys, this.#options.metricsRetentionMs, now);
    this.#experiments = new RedisExperimentData(
      this.#connection,
      this.#commands,
      this.keys,
      this.#options.experimentDataRetentionMs,
    );
    this.#leases = new RedisLeases(this.#connection, this.#commands, this.keys, now);
    this.#documents = new RedisDocuments(this.#connection, this.#commands, this.keys);
    this.#sticky = new StickyAssignments(this.#connection, this.#commands, this.keys, (error) =>
      this.#failure(error),
    );
    this.#watcher = new ConfigWatcher({
      config: this.#config,
      channel: this.keys.configChannel,
      pollIntervalMs: this.#options.pollIntervalMs,
      openSubscriber: (onUp) => this.#openSubscriber(onUp),
      outage: (error) => this.#outage(error),
      report: (error) => this.#report(error),
      markFresh: () => this.#markFresh(),
      isStale: () => this.#stale,
    });
  }

  /** The ioredis client commands go through (yours, when you passed `client`). */
  get client(): RedisClient {
    return this.#connection.client;
  }

  /** True from a lost connection until the store has reconnected and resynchronised. */
  get isStale(): boolean {
    return this.#stale;
  }

  // ── Config ────────────────────────────────────────────────────────────────────────────────────

  /**
   * The stored snapshot. Its `generation` names the history as this store has followed it: when
   * the stored version went back (a failover to a replica that missed writes, a restore), the
   * store reports a ConfigHistoryError once and names what follows anew (see docs/redis.md).
   * @throws StoreUnavailableError when Redis cannot be reached in time
   * @throws InvalidConfigError when the stored hash is not a snapshot this store can read
   */
  loadConfig(): Promise<ConfigSnapshot | null> {
    return this.#config.load();
  }

  /**
   * Validates and writes a new configuration if the stored version still equals `expectedVersion`
   * (0: nothing stored), then announces it to every subscriber.
   * @throws InvalidConfigError when the configuration is invalid (nothing is written)
   * @throws ConflictError when another writer got there first, or when `expectedVersion` is the
   *   version this store read last but Redis now holds other content under that number (it went
   *   back and was written again): nothing is written; load and decide again
   * @throws StoreUnavailableError when Redis cannot be reached in time (the write may or may not
   *   have happened: load the configuration to find out)
   */
  writeConfig(config: FlagsConfig, options: ConfigWriteOptions): Promise<ConfigWriteResult> {
    return this.#config.write(config, options);
  }

  /**
   * The configuration's audit log (the list `{prefix}audit`), newest first.
   * @throws StoreUnavailableError when Redis cannot be reached in time
   */
  readAudit(query?: AuditQuery): Promise<AuditEntry[]> {
    return this.#config.readAudit(query);
  }

  /**
   * Calls `listener` with every new snapshot (and, once, with the one stored when the first
   * subscriber arrives): a later version, or whatever is stored after the version went back or
   * began a new history. `onError` gets outages, unreadable snapshots and ConfigHistoryErrors; `onStale(true)` when a
   * connection is lost, `onStale(false)` once reconnected and resynchronised. Snapshots are shared
   * by all subscribers: treat them as read-only.
   */
  subscribeConfig(
    listener: (snapshot: ConfigSnapshot) => void,
    onError?: (error: Error) => void,
    onStale?: (stale: boolean) => void,
  ): Unsubscribe {
    if (this.#closed) throw new RampkitError('RAMPKIT_CLOSED', 'subscribeConfig: the RedisStore is closed');
    return this.#watcher.add(listener, onError, onStale);
  }

  // ── Metrics ───────────────────────────────────────────────────────────────────────────────────

  /**
   * Adds the windows to what is stored: one MULTI per call, whatever the number of requests.
   * @throws StoreUnavailableError when Redis cannot be reached in time
   */
  writeMetrics(windows: readonly MetricsWindow[]): Promise<void> {
    return this.#metrics.write(windows);
  }

  /**
   * Per-variation totals of one flag over the windows that start in `[from, to)`, summed across
   * every instance that reported them.
   * @throws StoreUnavailableError when Redis cannot be reached in time
   */
  readMetrics(query: MetricsQuery): Promise<ArmMetrics[]> {
    return this.#metrics.read(query);
  }

  /**
   * The windows of one flag that start in `[from, to)`, one per (variation, window start), each
   * summed across every instance that reported it.
   * @throws StoreUnavailableError when Redis cannot be reached in time
   */
  readMetricsWindows(query: MetricsQuery): Promise<MetricsWindow[]> {
    return this.#metrics.readWindows(query);
  }

  // ── Experiment data ───────────────────────────────────────────────────────────────────────────

  /**
   * Applies a batch of exposures and per-unit totals in Lua scripts of at most 1,000 records, one
   * after another, never splitting a unit's records: atomic per unit across processes, first
   * exposure wins, totals only in the exposed arm, a repeated `writeId` ignored.
   * @throws StoreUnavailableError when Redis cannot be reached in time (the tracker retries the batch)
   */
  writeExperimentData(batch: ExperimentDataBatch): Promise<void> {
    return this.#experiments.write(batch);
  }

  /**
   * Every exposed unit of one experiment with its arm and totals.
   * @throws StoreUnavailableError when Redis cannot be reached in time
   */
  readExperimentUnits(experimentKey: string): Promise<ExperimentUnitRow[]> {
    return this.#experiments.read(experimentKey);
  }

  // ── Leases ────────────────────────────────────────────────────────────────────────────────────

  /**
   * Takes the lease if it is free or expired (or already held by `holder`, who keeps its token).
   * @returns the lease, or null when another holds it
   * @throws StoreUnavailableError when Redis cannot be reached in time
   */
  acquireLease(name: string, holder: string, ttlMs: number): Promise<Lease | null> {
    return this.#leases.acquire(name, holder, ttlMs);
  }

  /** Extends a lease still held with the same token; null when it was lost. */
  renewLease(lease: Lease, ttlMs: number): Promise<Lease | null> {
    return this.#leases.renew(lease, ttlMs);
  }

  releaseLease(lease: Lease): Promise<void> {
    return this.#leases.release(lease);
  }

  /** True while `token` is the current token of a live lease `name`. */
  checkFence(name: string, token: number): Promise<boolean> {
    return this.#leases.checkFence(name, token);
  }

  /** The live lease `name` (holder, token, expiry, last renewal), or null when it is free. */
  readLease(name: string): Promise<Lease | null> {
    return this.#leases.read(name);
  }

  // ── Documents ─────────────────────────────────────────────────────────────────────────────────

  getDocument<T>(key: string): Promise<{ version: number; value: T } | null> {
    return this.#documents.get<T>(key);
  }

  /**
   * Writes a JSON value when the stored version equals `expectedVersion` (0: absent) and, with
   * `fence`, only while that lease token is current, atomically.
   * @throws LeaseLostError when the fence token is no longer current (checked first)
   * @throws ConflictError when the stored version is not `expectedVersion`
   */
  putDocument<T>(
    key: string,
    value: T,
    options: { expectedVersion: number; fence?: { lease: string; token: number } },
  ): Promise<{ version: number }> {
    return this.#documents.put(key, value, options);
  }

  listDocuments(prefix: string): Promise<string[]> {
    return this.#documents.list(prefix);
  }

  // ── Sticky assignments ────────────────────────────────────────────────────────────────────────

  /**
   * Keeps `unit` in the variation it was first assigned, per experiment: for each experiment in
   * `proposals` (experiment → the variation evaluation chose now), returns the stored variation, or
   * stores and returns the proposal when there is none. One round trip for all experiments. Never
   * throws: when Redis does not answer within `timeoutMs` the proposals are returned and the failure
   * is reported as an `error` event.
   */
  assignSticky(
    unit: string,
    proposals: Readonly<Record<string, string>>,
    options?: StickyOptions,
  ): Promise<Record<string, string>> {
    return this.#sticky.assign(unit, proposals, options);
  }

  /** Stops following the configuration and closes the connections the store opened. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#watcher.stop();
    await this.#connection.close();
    this.removeAllListeners();
  }

  #openSubscriber(onUp: () => void): Connection {
    return new Connection(duplicateClient(this.#connection.client), {
      timeoutMs: this.#options.commandTimeoutMs,
      owned: true,
      onDown: (error) => this.#outage(error),
      onUp,
      onError: (error) => this.#outage(error),
    });
  }

  /** After the command connection comes back: read again, and be fresh once that worked. */
  #resync(): void {
    if (!this.#stale) return;
    if (this.#watcher.active) void this.#watcher.sync();
    else this.#markFresh();
  }

  #markFresh(): void {
    if (!this.#stale || this.#closed) return;
    if (!this.#connection.isReady) return;
    if (this.#watcher.active && !this.#watcher.subscriberReady) return;
    this.#stale = false;
    this.#watcher.reportStale(false);
    this.#emitSafely('fresh');
  }

  /** Only the first failure of an outage is reported: a reconnecting client fails every few hundred ms. */
  #outage(error: Error): void {
    if (this.#closed || this.#stale) return;
    this.#stale = true;
    this.#report(error);
    this.#watcher.reportStale(true);
    this.#emitSafely('stale');
  }

  #failure(error: Error): void {
    if (isStoreUnavailableError(error)) this.#outage(error);
    else this.#report(error);
  }

  #report(error: Error): void {
    if (this.#closed) return;
    this.#watcher.reportError(error);
    this.#emitSafely('error', error);
  }

  #emitSafely<E extends keyof RedisStoreEvents>(event: E, ...args: RedisStoreEvents[E]): void {
    try {
      (this.emit as (event: E, ...args: RedisStoreEvents[E]) => boolean)(event, ...args);
    } catch {
      // A listener that throws must not break the store's reconnection and resync.
    }
  }
}

function positive(name: string, value: number): number {
  if (value > 0 && Number.isFinite(value)) return value;
  throw new RampkitError(
    'RAMPKIT_INVALID_ARGUMENT',
    `RedisStore: ${name} must be a positive number, got ${value}`,
  );
}
