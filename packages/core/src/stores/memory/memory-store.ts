import { buildAuditEntry } from '../../audit/audit-entry.js';
import { appendAudit, auditRetentionOf, selectAudit } from '../../audit/audit-retention.js';
import type { AuditEntry, AuditLog, AuditQuery } from '../../audit/types.js';
import { ConflictError, RampkitError } from '../../errors/errors.js';
import type { ExperimentDataBatch, ExperimentUnitRow } from '../../experiments/types.js';
import { summarizeArms } from '../../metrics/summarize.js';
import type { ArmMetrics, MetricsQuery, MetricsWindow } from '../../metrics/types.js';
import { sortWindows } from '../../metrics/windows.js';
import { adoptConfig } from '../../model/adopted-config.js';
import type { ConfigSnapshot, FlagsConfig } from '../../model/types.js';
import {
  documentKeysUnder,
  nextDocument,
  type PutDocumentOptions,
  type StoredDocument,
} from '../rules/documents.js';
import {
  acquireLease,
  emptyLeaseTable,
  isFenceCurrent,
  type LeaseTable,
  liveLease,
  releaseLease,
  renewLease,
} from '../rules/lease.js';
import {
  addMetricsWindows,
  DEFAULT_METRICS_RETENTION_MS,
  metricsWindowsIn,
} from '../rules/metrics-windows.js';
import type {
  ConfigStore,
  ConfigWriteOptions,
  ConfigWriteResult,
  DocumentStore,
  ExperimentDataStore,
  Lease,
  LeaseStore,
  MetricsStore,
  Unsubscribe,
} from '../types.js';
import { ConfigListeners } from './config-listeners.js';
import { ExperimentDataTable } from './experiment-data.js';

export interface MemoryStoreOptions {
  /** Initial configuration, validated and stored as version 1. @default nothing stored (version 0) */
  config?: FlagsConfig;
  /** Clock for snapshot times, lease expiry and metrics retention (tests pass a fake one). @default Date.now */
  now?: () => number;
  /** Metrics windows that started longer ago than this are dropped on the next write. @default 3_600_000 (1 hour) */
  metricsRetentionMs?: number;
  /** An experiment's exposures and unit totals are dropped this long after its last write. @default 2_592_000_000 (30 days) */
  experimentDataRetentionMs?: number;
  /** Configuration writes the audit log keeps, the newest (docs/operations.md, "Audit log"). @default 1000 */
  auditRetention?: number;
}

const THIRTY_DAYS_MS = 30 * 24 * 3_600_000;

/**
 * Every store facet in the memory of one process: the default store, and the reference behaviour the
 * Redis store is tested against. Each operation checks and changes state within one synchronous
 * step, so compare-and-set writes are atomic with respect to each other. The lease, document and
 * metrics rules are core's `stores/rules`, shared with the file state store; this class only keeps
 * their data and private copies of what callers hand it.
 */
export class MemoryStore
  implements ConfigStore, MetricsStore, LeaseStore, DocumentStore, ExperimentDataStore, AuditLog
{
  readonly #now: () => number;
  readonly #listeners = new ConfigListeners();
  readonly #retentionMs: number;
  #metrics: MetricsWindow[] = [];
  #leases: LeaseTable = emptyLeaseTable();
  readonly #documents = new Map<string, StoredDocument>();
  readonly #experiments: ExperimentDataTable;
  #snapshot: ConfigSnapshot | null = null;
  readonly #auditRetention: number;
  /** Oldest first. */
  #audit: AuditEntry[] = [];

  /** @throws InvalidConfigError when `options.config` is invalid */
  constructor(options: MemoryStoreOptions = {}) {
    this.#now = options.now ?? Date.now;
    this.#retentionMs = options.metricsRetentionMs ?? DEFAULT_METRICS_RETENTION_MS;
    this.#experiments = new ExperimentDataTable(options.experimentDataRetentionMs ?? THIRTY_DAYS_MS);
    this.#auditRetention = auditRetentionOf(options.auditRetention);
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
  async writeConfig(config: FlagsConfig, options: ConfigWriteOptions): Promise<ConfigWriteResult> {
    const validated = adoptConfig(config);
    const previous = this.#snapshot;
    const actual = previous?.version ?? 0;
    if (actual !== options.expectedVersion) {
      throw new ConflictError('configuration', options.expectedVersion, actual);
    }
    const snapshot = this.#makeSnapshot(validated, actual + 1);
    const entry = buildAuditEntry({
      at: snapshot.updatedAt,
      audit: options.audit,
      before: previous ?? undefined,
      after: snapshot,
    });
    this.#snapshot = snapshot;
    this.#audit = appendAudit(this.#audit, entry, this.#auditRetention);
    this.#listeners.publish(snapshot);
    return { ...snapshot, auditId: entry.id };
  }

  /** Copies of the entries kept, newest first. */
  async readAudit(query?: AuditQuery): Promise<AuditEntry[]> {
    return selectAudit([...this.#audit].reverse(), query).map((entry) => structuredClone(entry));
  }

  subscribeConfig(
    listener: (snapshot: ConfigSnapshot) => void,
    onError?: (error: Error) => void,
  ): Unsubscribe {
    return this.#listeners.add(listener, onError);
  }

  async writeMetrics(windows: readonly MetricsWindow[]): Promise<void> {
    this.#metrics = addMetricsWindows(this.#metrics, windows, this.#now(), this.#retentionMs);
  }

  async readMetrics(query: MetricsQuery): Promise<ArmMetrics[]> {
    return summarizeArms(metricsWindowsIn(this.#metrics, query));
  }

  /** Copies of the summed windows that start in `[from, to)`, by start then variation. */
  async readMetricsWindows(query: MetricsQuery): Promise<MetricsWindow[]> {
    return sortWindows(metricsWindowsIn(this.#metrics, query).map((window) => structuredClone(window)));
  }

  async writeExperimentData(batch: ExperimentDataBatch): Promise<void> {
    this.#experiments.write(batch, this.#now());
  }

  async readExperimentUnits(experimentKey: string): Promise<ExperimentUnitRow[]> {
    return this.#experiments.read(experimentKey);
  }

  async acquireLease(name: string, holder: string, ttlMs: number): Promise<Lease | null> {
    const change = acquireLease(this.#leases, { name, holder, ttlMs }, this.#now());
    this.#leases = change.table;
    return change.lease;
  }

  async renewLease(lease: Lease, ttlMs: number): Promise<Lease | null> {
    const change = renewLease(this.#leases, lease, ttlMs, this.#now());
    this.#leases = change.table;
    return change.lease;
  }

  async releaseLease(lease: Lease): Promise<void> {
    this.#leases = releaseLease(this.#leases, lease);
  }

  async checkFence(name: string, token: number): Promise<boolean> {
    return isFenceCurrent(this.#leases, name, token, this.#now());
  }

  async readLease(name: string): Promise<Lease | null> {
    return liveLease(this.#leases, name, this.#now());
  }

  /** A private copy: changing it does not change what is stored. */
  async getDocument<T>(key: string): Promise<{ version: number; value: T } | null> {
    const stored = this.#documents.get(key);
    return stored ? { version: stored.version, value: structuredClone(stored.value) as T } : null;
  }

  /**
   * @throws LeaseLostError when `fence` names a lease token that is no longer current
   * @throws ConflictError when the stored version is not `expectedVersion` (0: absent)
   */
  async putDocument<T>(key: string, value: T, options: PutDocumentOptions): Promise<{ version: number }> {
    const { version } = nextDocument(
      key,
      this.#documents.get(key),
      value,
      options,
      this.#leases,
      this.#now(),
    );
    this.#documents.set(key, { version, value: cloneValue(key, value) });
    return { version };
  }

  async listDocuments(prefix: string): Promise<string[]> {
    return documentKeysUnder(this.#documents.keys(), prefix);
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

/** The store's own copy of a document value, so the writer cannot change it afterwards. */
function cloneValue(key: string, value: unknown): unknown {
  try {
    return structuredClone(value);
  } catch (error) {
    throw new RampkitError(
      'RAMPKIT_INVALID_ARGUMENT',
      `document ${key}: value cannot be stored (not cloneable)`,
      {
        cause: error,
      },
    );
  }
}
