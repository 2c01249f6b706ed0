import { join } from 'node:path';
import { RampkitError } from '../../errors/errors.js';
import { summarizeArms } from '../../metrics/summarize.js';
import type { ArmMetrics, MetricsQuery, MetricsWindow } from '../../metrics/types.js';
import { sortWindows } from '../../metrics/windows.js';
import type { ConfigSnapshot, FlagsConfig } from '../../model/types.js';
import {
  documentKeysUnder,
  nextDocument,
  type PutDocumentOptions,
  type StoredDocument,
} from '../rules/documents.js';
import {
  acquireLease,
  isFenceCurrent,
  type LeaseChange,
  liveLease,
  releaseLease,
  renewLease,
} from '../rules/lease.js';
import {
  addMetricsWindows,
  DEFAULT_METRICS_RETENTION_MS,
  metricsWindowsIn,
} from '../rules/metrics-windows.js';
import type { ConfigStore, DocumentStore, Lease, LeaseStore, MetricsStore, Unsubscribe } from '../types.js';
import { FileStore, type FileStoreOptions } from './file-store.js';
import { StateFile } from './state-file.js';
import type { StateData } from './state-layout.js';

export interface FileStateStoreOptions
  extends Pick<FileStoreOptions, 'parse' | 'format' | 'lockTimeoutMs' | 'sliceMs'> {
  /** The flags file (JSON by default; pass `parse` and `format` for YAML). */
  path: string;
  /** Clock for lease expiry, snapshot times and metrics retention. @default Date.now */
  now?: () => number;
  /** Metrics windows that started longer ago than this are dropped on the next write. @default 3_600_000 (1 hour) */
  metricsRetentionMs?: number;
  /** Watch the flags file for edits while someone subscribes. @default true */
  watch?: boolean;
}

/**
 * Every store facet on the local disk (`--store file:flags.json` in the CLI): the flags stay in their
 * file (through FileStore, so they can live in git), and rollout documents, leases and metrics go to
 * a sidecar, `<flags file>.rampkit/state.json`. Every write to either takes the sidecar's lock file,
 * so several processes (CLI commands, a `rollout run`, apps reporting metrics) can share them. The
 * lease, document and metrics rules are `stores/rules`, the memory store's own.
 */
export class FileStateStore implements ConfigStore, MetricsStore, LeaseStore, DocumentStore {
  /** The flags file, absolute. */
  readonly path: string;
  /** The sidecar state file. */
  readonly statePath: string;
  readonly #config: FileStore;
  readonly #state: StateFile;
  readonly #now: () => number;
  readonly #retentionMs: number;

  constructor(options: FileStateStoreOptions) {
    const { now, metricsRetentionMs, watch, ...fileOptions } = options;
    this.#config = new FileStore({ ...fileOptions, watch: watch ?? true });
    this.path = this.#config.path;
    this.statePath = join(`${this.path}.rampkit`, 'state.json');
    this.#state = new StateFile(this.statePath);
    this.#now = now ?? Date.now;
    this.#retentionMs = metricsRetentionMs ?? DEFAULT_METRICS_RETENTION_MS;
  }

  loadConfig(): Promise<ConfigSnapshot | null> {
    return this.#config.loadConfig();
  }

  /** FileStore's compare-and-set, under the sidecar lock so that writers in other processes wait. */
  writeConfig(config: FlagsConfig, options: { expectedVersion: number }): Promise<ConfigSnapshot> {
    return this.#state.withLock(() => this.#config.writeConfig(config, options));
  }

  subscribeConfig(
    listener: (snapshot: ConfigSnapshot) => void,
    onError?: (error: Error) => void,
  ): Unsubscribe {
    return this.#config.subscribeConfig(listener, onError);
  }

  // ── Documents ─────────────────────────────────────────────────────────────────────────────────

  async getDocument<T>(key: string): Promise<{ version: number; value: T } | null> {
    const stored = ownDocument((await this.#state.read()).documents, key);
    return stored === undefined ? null : { version: stored.version, value: stored.value as T };
  }

  /**
   * @throws LeaseLostError when `fence` names a lease token that is no longer current (checked first)
   * @throws ConflictError when the stored version is not `expectedVersion` (0: absent)
   */
  putDocument<T>(key: string, value: T, options: PutDocumentOptions): Promise<{ version: number }> {
    const json = toJson(key, value);
    return this.#state.update((data) => {
      const current = ownDocument(data.documents, key);
      const { version } = nextDocument(key, current, value, options, data.leases, this.#now());
      Object.defineProperty(data.documents, key, {
        value: { version, value: JSON.parse(json) },
        enumerable: true,
        writable: true,
        configurable: true,
      });
      return { version };
    });
  }

  async listDocuments(prefix: string): Promise<string[]> {
    return documentKeysUnder(Object.keys((await this.#state.read()).documents), prefix);
  }

  // ── Leases ────────────────────────────────────────────────────────────────────────────────────

  acquireLease(name: string, holder: string, ttlMs: number): Promise<Lease | null> {
    return this.#changeLeases((data, now) => acquireLease(data.leases, { name, holder, ttlMs }, now));
  }

  renewLease(lease: Lease, ttlMs: number): Promise<Lease | null> {
    return this.#changeLeases((data, now) => renewLease(data.leases, lease, ttlMs, now));
  }

  async releaseLease(lease: Lease): Promise<void> {
    await this.#state.update((data) => {
      data.leases = releaseLease(data.leases, lease);
    });
  }

  async checkFence(name: string, token: number): Promise<boolean> {
    return isFenceCurrent((await this.#state.read()).leases, name, token, this.#now());
  }

  async readLease(name: string): Promise<Lease | null> {
    return liveLease((await this.#state.read()).leases, name, this.#now());
  }

  #changeLeases(rule: (data: StateData, now: number) => LeaseChange): Promise<Lease | null> {
    return this.#state.update((data) => {
      const change = rule(data, this.#now());
      data.leases = change.table;
      return change.lease;
    });
  }

  // ── Metrics ───────────────────────────────────────────────────────────────────────────────────

  async writeMetrics(windows: readonly MetricsWindow[]): Promise<void> {
    if (windows.length === 0) return;
    await this.#state.update((data) => {
      data.metrics = addMetricsWindows(data.metrics, windows, this.#now(), this.#retentionMs);
    });
  }

  async readMetrics(query: MetricsQuery): Promise<ArmMetrics[]> {
    return summarizeArms(metricsWindowsIn((await this.#state.read()).metrics, query));
  }

  /** The summed windows that start in `[from, to)`, by start then variation (read afresh: the caller's own). */
  async readMetricsWindows(query: MetricsQuery): Promise<MetricsWindow[]> {
    return sortWindows(metricsWindowsIn((await this.#state.read()).metrics, query));
  }

  /** Stops watching the flags file; resolves once a read or write in progress has finished. */
  close(): Promise<void> {
    return this.#config.close();
  }
}

function ownDocument(documents: Record<string, StoredDocument>, key: string): StoredDocument | undefined {
  return Object.hasOwn(documents, key) ? documents[key] : undefined;
}

function toJson(key: string, value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) {
    throw new RampkitError('RAMPKIT_INVALID_ARGUMENT', `document ${key}: value cannot be stored (not JSON)`);
  }
  return json;
}
