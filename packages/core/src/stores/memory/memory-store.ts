import { ConflictError } from '../../errors/errors.js';
import type { ExperimentDataBatch, ExperimentUnitRow } from '../../experiments/types.js';
import type { ArmMetrics, MetricsQuery, MetricsWindow } from '../../metrics/types.js';
import { adoptConfig } from '../../model/adopted-config.js';
import type { ConfigSnapshot, FlagsConfig } from '../../model/types.js';
import type {
  ConfigStore,
  DocumentStore,
  ExperimentDataStore,
  Lease,
  LeaseStore,
  MetricsStore,
  Unsubscribe,
} from '../types.js';
import { ConfigListeners } from './config-listeners.js';
import { DocumentTable } from './document-table.js';
import { ExperimentDataTable } from './experiment-data.js';
import { LeaseTable } from './lease-table.js';
import { MetricsWindows } from './metrics-windows.js';

export interface MemoryStoreOptions {
  /** Initial configuration, validated and stored as version 1. @default nothing stored (version 0) */
  config?: FlagsConfig;
  /** Clock for snapshot times, lease expiry and metrics retention (tests pass a fake one). @default Date.now */
  now?: () => number;
  /** Metrics windows that started longer ago than this are dropped on the next write. @default 3_600_000 (1 hour) */
  metricsRetentionMs?: number;
  /** An experiment's exposures and unit totals are dropped this long after its last write. @default 2_592_000_000 (30 days) */
  experimentDataRetentionMs?: number;
}

const HOUR_MS = 3_600_000;
const THIRTY_DAYS_MS = 30 * 24 * HOUR_MS;

/**
 * Every store facet in the memory of one process: the default store, and the reference behaviour the
 * Redis store is tested against. Each operation checks and changes state within one synchronous
 * step, so compare-and-set writes are atomic with respect to each other.
 */
export class MemoryStore
  implements ConfigStore, MetricsStore, LeaseStore, DocumentStore, ExperimentDataStore
{
  readonly #now: () => number;
  readonly #listeners = new ConfigListeners();
  readonly #metrics: MetricsWindows;
  readonly #leases: LeaseTable;
  readonly #documents: DocumentTable;
  readonly #experiments: ExperimentDataTable;
  #snapshot: ConfigSnapshot | null = null;

  /** @throws InvalidConfigError when `options.config` is invalid */
  constructor(options: MemoryStoreOptions = {}) {
    this.#now = options.now ?? Date.now;
    this.#metrics = new MetricsWindows(options.metricsRetentionMs ?? HOUR_MS);
    this.#leases = new LeaseTable(this.#now);
    this.#experiments = new ExperimentDataTable(options.experimentDataRetentionMs ?? THIRTY_DAYS_MS);
    this.#documents = new DocumentTable((lease, token) => this.#leases.isCurrent(lease, token));
    if (options.config !== undefined) {
      this.#snapshot = this.#makeSnapshot(adoptConfig(options.config, 'MemoryStore options.config'), 1);
    }
  }

  async loadConfig(): Promise<ConfigSnapshot | null> {
    return this.#snapshot;
  }

  /**
   * @throws InvalidConfigError when `config` is invalid (nothing is written)
   * @throws ConflictError when the stored version is not `expectedVersion` (nothing is written)
   */
  async writeConfig(config: FlagsConfig, options: { expectedVersion: number }): Promise<ConfigSnapshot> {
    const validated = adoptConfig(config);
    const actual = this.#snapshot?.version ?? 0;
    if (actual !== options.expectedVersion) {
      throw new ConflictError('configuration', options.expectedVersion, actual);
    }
    const snapshot = this.#makeSnapshot(validated, actual + 1);
    this.#snapshot = snapshot;
    this.#listeners.publish(snapshot);
    return snapshot;
  }

  subscribeConfig(
    listener: (snapshot: ConfigSnapshot) => void,
    onError?: (error: Error) => void,
  ): Unsubscribe {
    return this.#listeners.add(listener, onError);
  }

  async writeMetrics(windows: readonly MetricsWindow[]): Promise<void> {
    this.#metrics.add(windows, this.#now());
  }

  async readMetrics(query: MetricsQuery): Promise<ArmMetrics[]> {
    return this.#metrics.read(query);
  }

  async readMetricsWindows(query: MetricsQuery): Promise<MetricsWindow[]> {
    return this.#metrics.readWindows(query);
  }

  async writeExperimentData(batch: ExperimentDataBatch): Promise<void> {
    this.#experiments.write(batch, this.#now());
  }

  async readExperimentUnits(experimentKey: string): Promise<ExperimentUnitRow[]> {
    return this.#experiments.read(experimentKey);
  }

  async acquireLease(name: string, holder: string, ttlMs: number): Promise<Lease | null> {
    return this.#leases.acquire(name, holder, ttlMs);
  }

  async renewLease(lease: Lease, ttlMs: number): Promise<Lease | null> {
    return this.#leases.renew(lease, ttlMs);
  }

  async releaseLease(lease: Lease): Promise<void> {
    this.#leases.release(lease);
  }

  async checkFence(name: string, token: number): Promise<boolean> {
    return this.#leases.isCurrent(name, token);
  }

  async readLease(name: string): Promise<Lease | null> {
    return this.#leases.read(name);
  }

  async getDocument<T>(key: string): Promise<{ version: number; value: T } | null> {
    return this.#documents.get<T>(key);
  }

  /**
   * @throws LeaseLostError when `fence` names a lease token that is no longer current
   * @throws ConflictError when the stored version is not `expectedVersion` (0: absent)
   */
  async putDocument<T>(
    key: string,
    value: T,
    options: { expectedVersion: number; fence?: { lease: string; token: number } },
  ): Promise<{ version: number }> {
    return this.#documents.put(key, value, options);
  }

  async listDocuments(prefix: string): Promise<string[]> {
    return this.#documents.list(prefix);
  }

  /** Drops every config subscriber; the stored state stays readable. */
  close(): void {
    this.#listeners.clear();
  }

  /** `config` is adopted: a deep-frozen copy no one else can change. */
  #makeSnapshot(config: FlagsConfig, version: number): ConfigSnapshot {
    return Object.freeze({ version, config, updatedAt: this.#now() });
  }
}
