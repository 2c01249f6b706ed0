import type { AuditInfo } from '../audit/types.js';
import type { ExperimentDataBatch, ExperimentUnitRow } from '../experiments/types.js';
import type { ArmMetrics, MetricsQuery, MetricsWindow } from '../metrics/types.js';
import type { ConfigSnapshot, FlagsConfig } from '../model/types.js';

/**
 * Stores are split into facets so that one backend may implement any subset. `MemoryStore`
 * (and `RedisStore` in @rampkit/redis) implement all of them; `FileStore` implements config only.
 */

export type Unsubscribe = () => void;

export interface ConfigWriteOptions {
  /** The version the writer read (0: nothing stored yet); the write is refused when it is no longer current. */
  expectedVersion: number;
  /** Who writes, why, and what kind of write, for stores that keep an audit log (`AuditLog`). @default actor 'unknown', action 'config.write' */
  audit?: AuditInfo;
}

/** The snapshot written, and the id of its audit entry in stores that keep an audit log. */
export type ConfigWriteResult = ConfigSnapshot & { auditId?: string };

export interface ConfigStore {
  /** The current snapshot, or null when nothing was ever written. */
  loadConfig(): Promise<ConfigSnapshot | null>;
  /**
   * Validates and writes a new configuration if the stored version still equals `expectedVersion`
   * (0 for "nothing stored yet"). Resolves to the new snapshot (version = expected + 1); a store
   * that keeps an audit log records the write with `options.audit` in the same step and resolves
   * with the entry's `auditId` too.
   * @throws InvalidConfigError when the configuration is invalid (nothing is written)
   * @throws ConflictError when another writer got there first (nothing is written)
   */
  writeConfig(config: FlagsConfig, options: ConfigWriteOptions): Promise<ConfigWriteResult>;
  /**
   * Calls `listener` with every new snapshot; `onError` with problems (bad edit, outage);
   * `onStale(true)` when the store can no longer vouch that the snapshot it delivered is current
   * (connection lost) and `onStale(false)` once it has resynchronised.
   */
  subscribeConfig(
    listener: (snapshot: ConfigSnapshot) => void,
    onError?: (error: Error) => void,
    onStale?: (stale: boolean) => void,
  ): Unsubscribe;
}

export interface MetricsStore {
  /**
   * Adds the given windows to what is stored (windows from many instances are summed). A store
   * that can fail after applying a write (a lost reply) keeps one entry per `writeId`, so the
   * aggregator's retry replaces what the failed attempt may have written (see `MetricsWindow.writeId`).
   */
  writeMetrics(windows: readonly MetricsWindow[]): Promise<void>;
  /** Per-variation totals of one flag over the windows that start in `[from, to)`. */
  readMetrics(query: MetricsQuery): Promise<ArmMetrics[]>;
  /**
   * The windows of one flag that start in `[from, to)`, one per (variation, window start), each
   * summed across the instances that reported it, ordered by start then variation. What the rollout
   * judge compares arm against arm over the same time (`readMetrics` is their sum).
   */
  readMetricsWindows(query: MetricsQuery): Promise<MetricsWindow[]>;
}

export interface Lease {
  name: string;
  holder: string;
  /** Increases on every acquisition; a write carrying an older token is refused. */
  token: number;
  /** Epoch milliseconds after which the lease is free unless renewed. */
  expiresAt: number;
  /** Epoch milliseconds of the last acquisition or renewal: when its holder last showed it was alive. */
  renewedAt?: number;
}

export interface LeaseStore {
  /** Takes the lease if it is free or expired (or already held by `holder`); null when another holds it. */
  acquireLease(name: string, holder: string, ttlMs: number): Promise<Lease | null>;
  /** Extends a lease still held with the same token; null when it was lost. */
  renewLease(lease: Lease, ttlMs: number): Promise<Lease | null>;
  releaseLease(lease: Lease): Promise<void>;
  /** True while `token` is the current token of a live lease `name`. */
  checkFence(name: string, token: number): Promise<boolean>;
  /** The live lease `name` (who holds it, until when, when it was last renewed), or null when free. */
  readLease(name: string): Promise<Lease | null>;
}

/** A versioned document with compare-and-set writes (rollout state and history live here). */
export interface DocumentStore {
  getDocument<T>(key: string): Promise<{ version: number; value: T } | null>;
  /**
   * Writes when the stored version equals `expectedVersion` (0: absent). When `fence` is given the
   * write is also refused unless that lease token is still current.
   * @throws ConflictError, LeaseLostError
   */
  putDocument<T>(
    key: string,
    value: T,
    options: { expectedVersion: number; fence?: { lease: string; token: number } },
  ): Promise<{ version: number }>;
  listDocuments(prefix: string): Promise<string[]>;
}

/**
 * Exposures and per-unit totals of experiments (docs/experiments.md, "Tracking"). Per (experiment,
 * unit) a store keeps the first exposure (arm and time); per (experiment, unit, metric) two numbers,
 * the event count and the sum of values, for at most 64 metrics per unit. Data of an experiment
 * expires a retention period (30 days by default) after its last write: after the experiment ends.
 */
export interface ExperimentDataStore {
  /**
   * Applies a batch atomically per unit: exposures first (the earliest per unit wins), then
   * increments, each added only when the unit's stored first exposure is in the increment's arm
   * (attribution.ts). A batch whose `writeId` was already applied is ignored (a retry after a lost reply).
   */
  writeExperimentData(batch: ExperimentDataBatch): Promise<void>;
  /** Every exposed unit of one experiment with its arm and totals (what `buildStatistics` is fed). */
  readExperimentUnits(experimentKey: string): Promise<ExperimentUnitRow[]>;
}

export type RampkitStore = ConfigStore &
  Partial<MetricsStore & LeaseStore & DocumentStore & ExperimentDataStore> & {
    /** Releases connections, timers and watchers. */
    close?(): Promise<void> | void;
  };

export function isMetricsStore(store: unknown): store is MetricsStore {
  return (
    typeof store === 'object' &&
    store !== null &&
    typeof (store as MetricsStore).writeMetrics === 'function' &&
    typeof (store as MetricsStore).readMetrics === 'function' &&
    typeof (store as MetricsStore).readMetricsWindows === 'function'
  );
}

export function isExperimentDataStore(store: unknown): store is ExperimentDataStore {
  return (
    typeof store === 'object' &&
    store !== null &&
    typeof (store as ExperimentDataStore).writeExperimentData === 'function' &&
    typeof (store as ExperimentDataStore).readExperimentUnits === 'function'
  );
}
