import { join } from 'node:path';
import {
  type ArmMetrics,
  type ConfigSnapshot,
  type ConfigStore,
  ConflictError,
  type DocumentStore,
  type FlagsConfig,
  type Lease,
  LeaseLostError,
  type LeaseStore,
  type MetricsQuery,
  type MetricsStore,
  type MetricsWindow,
  mergeMetricsWindows,
  RampkitError,
  sortWindows,
  storedMetricsWindow,
  summarizeArms,
  type Unsubscribe,
} from '@rampkit/core';
import { FileStore } from '@rampkit/core/file-store';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { type StateData, StateFile } from './state-file.js';

export interface FileStateStoreOptions {
  /** The flags file, JSON (`.json`) or YAML (`.yaml`, `.yml`). */
  path: string;
  /** Clock for lease expiry, snapshot times and metrics retention. @default Date.now */
  now?: () => number;
  /** Metrics windows that started longer ago than this are dropped on the next write. @default 3_600_000 */
  metricsRetentionMs?: number;
  /** Watch the flags file for edits while someone subscribes. @default true */
  watch?: boolean;
}

const HOUR_MS = 3_600_000;

/**
 * Every store facet on the local disk, for `--store file:flags.json`: the flags stay in their file
 * (through core's FileStore, so they can live in git), and rollout documents, leases and metrics go
 * to a sidecar, `<flags file>.rampkit/state.json`. Every write to either takes the sidecar's lock
 * file, so several processes (CLI commands, a `rollout run`, apps reporting metrics) can share them.
 */
export class FileStateStore implements ConfigStore, MetricsStore, LeaseStore, DocumentStore {
  /** The flags file. */
  readonly path: string;
  /** The sidecar state file. */
  readonly statePath: string;
  readonly #config: FileStore;
  readonly #state: StateFile;
  readonly #now: () => number;
  readonly #retentionMs: number;

  constructor(options: FileStateStoreOptions) {
    const yaml = /\.ya?ml$/i.test(options.path);
    this.#config = new FileStore({
      path: options.path,
      watch: options.watch ?? true,
      ...(yaml
        ? {
            parse: (text: string) => parseYaml(text),
            // YAML 1.1 quoting: strings like on, off, yes and no stay strings for YAML 1.1 readers too.
            format: (config: FlagsConfig) => stringifyYaml(config, { version: '1.1' }),
          }
        : {}),
    });
    this.path = this.#config.path;
    this.statePath = join(`${this.path}.rampkit`, 'state.json');
    this.#state = new StateFile(this.statePath);
    this.#now = options.now ?? Date.now;
    this.#retentionMs = options.metricsRetentionMs ?? HOUR_MS;
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
    const stored = (await this.#state.read()).documents[key];
    return stored === undefined ? null : { version: stored.version, value: stored.value as T };
  }

  /**
   * @throws LeaseLostError when `fence` names a lease token that is no longer current (checked first)
   * @throws ConflictError when the stored version is not `expectedVersion` (0: absent)
   */
  putDocument<T>(
    key: string,
    value: T,
    options: { expectedVersion: number; fence?: { lease: string; token: number } },
  ): Promise<{ version: number }> {
    const json = toJson(key, value);
    return this.#state.update((data) => {
      const { fence } = options;
      if (fence !== undefined && !isCurrent(data, fence.lease, fence.token, this.#now())) {
        throw new LeaseLostError(
          `document ${key}: lease ${fence.lease} token ${fence.token} is no longer current; nothing was changed`,
        );
      }
      const actual = data.documents[key]?.version ?? 0;
      if (actual !== options.expectedVersion)
        throw new ConflictError(`document ${key}`, options.expectedVersion, actual);
      data.documents[key] = { version: actual + 1, value: JSON.parse(json) };
      return { version: actual + 1 };
    });
  }

  async listDocuments(prefix: string): Promise<string[]> {
    const { documents } = await this.#state.read();
    return Object.keys(documents)
      .filter((key) => key.startsWith(prefix))
      .sort();
  }

  // ── Leases ────────────────────────────────────────────────────────────────────────────────────

  /** The holder that still holds the lease keeps its token; anyone taking a free or expired one gets a new token. */
  acquireLease(name: string, holder: string, ttlMs: number): Promise<Lease | null> {
    checkTtl(ttlMs);
    return this.#state.update((data) => {
      const now = this.#now();
      const current = live(data, name, now);
      if (current !== undefined && current.holder !== holder) return null;
      const token = current?.token ?? (data.lastTokens[name] ?? 0) + 1;
      data.lastTokens[name] = token;
      const lease: Lease = { name, holder, token, expiresAt: now + ttlMs, renewedAt: now };
      data.leases[name] = lease;
      return { ...lease };
    });
  }

  renewLease(lease: Lease, ttlMs: number): Promise<Lease | null> {
    checkTtl(ttlMs);
    return this.#state.update((data) => {
      const now = this.#now();
      const current = live(data, lease.name, now);
      if (current === undefined || current.holder !== lease.holder || current.token !== lease.token)
        return null;
      const renewed: Lease = { ...current, expiresAt: now + ttlMs, renewedAt: now };
      data.leases[lease.name] = renewed;
      return { ...renewed };
    });
  }

  async releaseLease(lease: Lease): Promise<void> {
    await this.#state.update((data) => {
      const current = data.leases[lease.name];
      if (current !== undefined && current.token === lease.token && current.holder === lease.holder) {
        delete data.leases[lease.name];
      }
    });
  }

  async checkFence(name: string, token: number): Promise<boolean> {
    return isCurrent(await this.#state.read(), name, token, this.#now());
  }

  async readLease(name: string): Promise<Lease | null> {
    const lease = live(await this.#state.read(), name, this.#now());
    return lease === undefined ? null : { ...lease };
  }

  // ── Metrics ───────────────────────────────────────────────────────────────────────────────────

  /** Adds the windows to the stored sums (one entry per flag, variation and window start). */
  async writeMetrics(windows: readonly MetricsWindow[]): Promise<void> {
    if (windows.length === 0) return;
    await this.#state.update((data) => {
      const byKey = new Map(data.metrics.map((window) => [windowKey(window), window]));
      for (const window of windows) {
        const key = windowKey(window);
        const existing = byKey.get(key);
        byKey.set(
          key,
          existing === undefined ? storedMetricsWindow(window) : mergeMetricsWindows(existing, window),
        );
      }
      const cutoff = this.#now() - this.#retentionMs;
      data.metrics = [...byKey.values()].filter((window) => window.windowStart >= cutoff);
    });
  }

  async readMetrics(query: MetricsQuery): Promise<ArmMetrics[]> {
    return summarizeArms(await this.#windowsIn(query));
  }

  async readMetricsWindows(query: MetricsQuery): Promise<MetricsWindow[]> {
    return sortWindows(await this.#windowsIn(query));
  }

  async #windowsIn(query: MetricsQuery): Promise<MetricsWindow[]> {
    const { metrics } = await this.#state.read();
    return metrics.filter(
      (window) =>
        window.flagKey === query.flagKey && window.windowStart >= query.from && window.windowStart < query.to,
    );
  }

  /** Stops watching the flags file; resolves once a read or write in progress has finished. */
  close(): Promise<void> {
    return this.#config.close();
  }
}

function live(data: StateData, name: string, now: number): Lease | undefined {
  const lease = data.leases[name];
  return lease !== undefined && now < lease.expiresAt ? lease : undefined;
}

function isCurrent(data: StateData, name: string, token: number, now: number): boolean {
  return live(data, name, now)?.token === token;
}

function checkTtl(ttlMs: number): void {
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) {
    throw new RampkitError('RAMPKIT_INVALID_ARGUMENT', `lease ttlMs must be a positive number, got ${ttlMs}`);
  }
}

function toJson(key: string, value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) {
    throw new RampkitError('RAMPKIT_INVALID_ARGUMENT', `document ${key}: value cannot be stored (not JSON)`);
  }
  return json;
}

function windowKey(window: MetricsWindow): string {
  return JSON.stringify([window.flagKey, window.variation, window.windowStart]);
}
