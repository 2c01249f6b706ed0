import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { buildAuditEntry } from '../../audit/audit-entry.js';
import { auditRetentionOf, selectAudit } from '../../audit/audit-retention.js';
import type { AuditEntry, AuditLog, AuditQuery } from '../../audit/types.js';
import { ConflictError, RampkitError } from '../../errors/errors.js';
import { toError } from '../../errors/to-error.js';
import { runStepsInSlices, type Steps } from '../../internal/time-slice.js';
import { summarizeArms } from '../../metrics/summarize.js';
import type { ArmMetrics, MetricsQuery, MetricsWindow } from '../../metrics/types.js';
import { sortWindows } from '../../metrics/windows.js';
import type { ConfigSnapshot, FlagsConfig } from '../../model/types.js';
import { type ConfigIdentity, identityOnRead, identityOnWrite } from '../rules/config-version.js';
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
import type {
  ConfigStore,
  ConfigWriteOptions,
  ConfigWriteResult,
  DocumentStore,
  Lease,
  LeaseStore,
  MetricsStore,
  Unsubscribe,
} from '../types.js';
import { AuditFile } from './audit-file.js';
import { FileStore, type FileStoreOptions } from './file-store.js';
import { formatJsonSteps } from './format-json.js';
import { StateFile } from './state-file.js';
import type { StateData } from './state-layout.js';

export interface FileStateStoreOptions
  extends Pick<FileStoreOptions, 'parse' | 'format' | 'lockTimeoutMs' | 'sliceMs' | 'pollIntervalMs'> {
  /** The flags file (JSON by default; pass `parse` and `format` for YAML). */
  path: string;
  /** Clock for lease expiry, snapshot times and metrics retention. @default Date.now */
  now?: () => number;
  /** Metrics windows that started longer ago than this are dropped on the next write. @default 3_600_000 (1 hour) */
  metricsRetentionMs?: number;
  /** Watch the flags file for edits while someone subscribes. @default true */
  watch?: boolean;
  /** Configuration writes the audit log (`<flags file>.rampkit/audit.json`) keeps, the newest. @default 1000 */
  auditRetention?: number;
}

/**
 * Every store facet on the local disk (`--store file:flags.json` in the CLI): the flags stay in their
 * file (through FileStore, so they can live in git), and rollout documents, leases and metrics go to
 * a sidecar, `<flags file>.rampkit/state.json`, and the audit log of `writeConfig` calls to
 * `<flags file>.rampkit/audit.json` (an edit by hand is not in it). Every write to either takes the sidecar's lock file,
 * so several processes (CLI commands, a `rollout run`, apps reporting metrics) can share them. The
 * lease, document and metrics rules are `stores/rules`, the memory store's own.
 *
 * Versions belong to the file, not to a process: the sidecar keeps the version last given and a
 * digest of that configuration's data, so each CLI command (a new process) continues the count, an
 * edit by hand is the next version for every reader, and a change of formatting alone is none.
 */
export class FileStateStore implements ConfigStore, MetricsStore, LeaseStore, DocumentStore, AuditLog {
  /** The flags file, absolute. */
  readonly path: string;
  /** The sidecar state file. */
  readonly statePath: string;
  readonly #config: FileStore;
  readonly #state: StateFile;
  readonly #audit: AuditFile;
  readonly #auditRetention: number;
  readonly #now: () => number;
  readonly #retentionMs: number;
  readonly #sliceMs: number | undefined;
  /** FileStore's snapshots (numbered per process) to the same snapshots numbered by the file. */
  readonly #numbered = new WeakMap<ConfigSnapshot, ConfigSnapshot>();
  /** The highest version this instance handed out: a reader never goes back. */
  #handedOut = 0;

  constructor(options: FileStateStoreOptions) {
    const { now, metricsRetentionMs, watch, auditRetention, ...fileOptions } = options;
    this.#config = new FileStore({ ...fileOptions, watch: watch ?? true });
    this.path = this.#config.path;
    this.statePath = join(`${this.path}.rampkit`, 'state.json');
    this.#state = new StateFile(this.statePath);
    this.#audit = new AuditFile(join(`${this.path}.rampkit`, 'audit.json'));
    this.#auditRetention = auditRetentionOf(auditRetention);
    this.#now = now ?? Date.now;
    this.#retentionMs = metricsRetentionMs ?? DEFAULT_METRICS_RETENTION_MS;
    this.#sliceMs = fileOptions.sliceMs;
  }

  async loadConfig(): Promise<ConfigSnapshot | null> {
    const snapshot = await this.#config.loadConfig();
    return snapshot === null ? null : this.#number(snapshot, identityOnRead, false);
  }

  /**
   * A compare-and-set against the file's version, under the sidecar lock so that writers in other
   * processes wait; FileStore's own compare-and-set then catches an edit by hand in between. The
   * audit entry (file versions, the change from the configuration in the file) goes into the log
   * under the same lock, pending, before the flags file is replaced, and is confirmed after: a
   * write cut off in between leaves an entry that counts exactly when the flags file was written
   * (AuditFile).
   * @throws ConflictError when the file's version is not `expectedVersion` (nothing is written)
   * @throws StoreUnavailableError when the audit log cannot be written (nothing is written)
   */
  writeConfig(config: FlagsConfig, options: ConfigWriteOptions): Promise<ConfigWriteResult> {
    return this.#state.withLock(async () => {
      const current = await this.#config.loadConfig();
      const before = current === null ? undefined : await this.#number(current, identityOnRead, true);
      const actual = before?.version ?? 0;
      if (actual !== options.expectedVersion) {
        throw new ConflictError(`flags file ${this.path}`, options.expectedVersion, actual);
      }
      const inForce = await this.#identityOf(before);
      let entry: AuditEntry | undefined;
      const written = await this.#config.writeConfig(config, {
        expectedVersion: current?.version ?? 0,
        beforeWrite: async (validated) => {
          const digest = await this.#digest(validated);
          const next = identityOnWrite(inForce, digest, this.#handedOut);
          const after = { version: next.version, config: validated };
          entry = buildAuditEntry({ at: this.#now(), audit: options.audit, before, after });
          await this.#audit.appendPendingHeld(entry, next, inForce, this.#auditRetention);
        },
      });
      const numbered = await this.#number(written, identityOnWrite, true);
      const id = (entry as AuditEntry).id;
      // Left pending, the entry still counts: the flags file in force is the one it announced.
      await this.#audit.confirmHeld(id, numbered.version).catch(() => undefined);
      return { ...numbered, auditId: id };
    });
  }

  /**
   * The audit log's entries, newest first (read afresh: the caller's own). The flags file is read
   * too, to tell whether a write cut off half-way (its entry still pending) happened.
   * @throws StoreUnavailableError when `audit.json` cannot be read or is not an audit log
   */
  async readAudit(query?: AuditQuery): Promise<AuditEntry[]> {
    const inForce = await this.#identityOf((await this.loadConfig()) ?? undefined);
    return selectAudit((await this.#audit.read(inForce)).reverse(), query);
  }

  /** The version and digest the sidecar records for `numbered`, the configuration in force. */
  async #identityOf(numbered: { version: number } | undefined): Promise<ConfigIdentity | undefined> {
    if (numbered === undefined) return undefined;
    const remembered = (await this.#state.read()).config;
    return remembered?.version === numbered.version ? remembered : undefined;
  }

  #digest(config: FlagsConfig): Promise<string> {
    return runStepsInSlices(
      configDigest(config),
      this.#sliceMs === undefined ? {} : { sliceMs: this.#sliceMs },
      {
        pauseFirst: true,
      },
    );
  }

  subscribeConfig(
    listener: (snapshot: ConfigSnapshot) => void,
    onError?: (error: Error) => void,
  ): Unsubscribe {
    // Numbering reads the sidecar: a chain keeps snapshots in the order FileStore published them.
    let chain: Promise<void> = Promise.resolve();
    let active = true;
    const deliver = async (snapshot: ConfigSnapshot): Promise<void> => {
      let numbered: ConfigSnapshot;
      try {
        numbered = await this.#number(snapshot, identityOnRead, false);
      } catch (error) {
        if (active) onError?.(toError(error));
        return;
      }
      if (!active) return;
      try {
        listener(numbered);
      } catch (error) {
        onError?.(toError(error));
      }
    };
    const unsubscribe = this.#config.subscribeConfig((snapshot) => {
      chain = chain.then(() => deliver(snapshot));
    }, onError);
    return () => {
      active = false;
      unsubscribe();
    };
  }

  /**
   * `snapshot` with the file's version instead of FileStore's per-process one. The sidecar's record
   * is updated when this is new content (or a write); when it cannot be (a read-only folder, a full
   * disk) the rule's answer still stands, and the next reader's agrees unless the data did not change.
   */
  async #number(
    snapshot: ConfigSnapshot,
    rule: typeof identityOnRead,
    lockHeld: boolean,
  ): Promise<ConfigSnapshot> {
    const known = this.#numbered.get(snapshot);
    if (known !== undefined && rule === identityOnRead) return known;
    const digest = await this.#digest(snapshot.config);
    const floor = this.#handedOut;
    let identity: ConfigIdentity | undefined;
    if (rule === identityOnRead) {
      const remembered = (await this.#state.read()).config;
      const answer = rule(remembered, digest, floor);
      if (answer === remembered) identity = answer;
    }
    if (identity === undefined) {
      const record = (data: StateData): ConfigIdentity => {
        data.config = rule(data.config, digest, floor);
        return data.config;
      };
      try {
        identity = await (lockHeld ? this.#state.updateHeld(record) : this.#state.update(record));
      } catch {
        identity = rule((await this.#state.read().catch(() => null))?.config, digest, floor);
      }
    }
    this.#handedOut = Math.max(this.#handedOut, identity.version);
    const numbered = Object.freeze({ ...snapshot, version: identity.version });
    this.#numbered.set(snapshot, numbered);
    return numbered;
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

/** A digest of the configuration's data: its canonical JSON, so the file's formatting does not count. */
function* configDigest(config: FlagsConfig): Steps<string> {
  const hash = createHash('sha256');
  yield* formatJsonSteps(config, (part) => hash.update(part));
  return hash.digest('base64url');
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
