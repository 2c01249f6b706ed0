import { randomUUID } from 'node:crypto';
import {
  type AuditEntry,
  type AuditQuery,
  buildAuditEntry,
  type ConfigSnapshot,
  type ConfigWriteOptions,
  type ConfigWriteResult,
  ConflictError,
  type FlagsConfig,
  InvalidConfigError,
  RampkitError,
  selectAudit,
  validateConfigAsync,
} from '@rampkit/core';
import { errorMessage } from '@rampkit/core/internal';
import { describeValue } from '@rampkit/core/validation';
import type { Connection } from '../connection/connection.js';
import type { KeySpace } from '../keys.js';
import type { RampkitCommands } from '../scripts/commands.js';
import { decodeAdoptedSnapshot } from './adopted-snapshot.js';
import { ConfigHistory, type Observed, type StoredIdentity } from './config-history.js';
import type { ConfigHistoryError } from './config-history-error.js';
import { LastLoad } from './last-load.js';
import { decodeSnapshot, encodeConfig } from './snapshot-codec.js';

/**
 * Reads and compare-and-set writes of the configuration hash. Every identity read or written goes
 * through one ConfigHistory, so that loads, version checks and writes agree on the history's name
 * and a step back is reported once, whichever noticed it first.
 */
export class RedisConfig {
  readonly #connection: Connection;
  readonly #commands: RampkitCommands;
  readonly #keys: KeySpace;
  readonly #now: () => number;
  readonly #sliceMs: number;
  readonly #history: ConfigHistory;
  readonly #auditRetention: number;
  readonly #lastLoad = new LastLoad();

  constructor(
    connection: Connection,
    commands: RampkitCommands,
    keys: KeySpace,
    options: {
      now: () => number;
      sliceMs: number;
      auditRetention: number;
      report: (error: ConfigHistoryError) => void;
    },
  ) {
    this.#connection = connection;
    this.#commands = commands;
    this.#keys = keys;
    this.#now = options.now;
    this.#sliceMs = options.sliceMs;
    this.#auditRetention = options.auditRetention;
    this.#history = new ConfigHistory(options.report);
  }

  /**
   * The stored snapshot (one HGETALL, so never half of two versions), parsed and adopted in slices:
   * see decodeAdoptedSnapshot (an invalid configuration comes back unadopted, for the client to
   * report).
   * @throws StoreUnavailableError when Redis cannot be reached in time
   * @throws InvalidConfigError when the hash is not a snapshot this store can read
   */
  async load(): Promise<ConfigSnapshot | null> {
    const key = this.#keys.config;
    const hash = await this.#connection.run('load configuration', (client) => client.hgetall(key));
    const stored = identity(hash.version, hash.generation, hash.digest);
    // Observed as soon as Redis answers, before the parse yields: in the order Redis answered.
    const seen = this.#history.observe(stored);
    const decoding = this.#decode(hash, seen);
    this.#lastLoad.remember(stored, seen, decoding);
    return decoding;
  }

  /**
   * The stored snapshot when `wanted` takes what is stored, else null (as when nothing is): one
   * HMGET first, so that a read finding what its caller already has decodes nothing, and one
   * finding what the last load read (a client's load, then its subscription's first read) shares
   * that load's snapshot rather than reading and decoding the whole configuration again.
   * @throws StoreUnavailableError when Redis cannot be reached in time
   * @throws InvalidConfigError when the hash is not a snapshot this store can read
   */
  async loadIf(wanted: (stored: Observed) => boolean): Promise<ConfigSnapshot | null> {
    const stored = await this.#readIdentity();
    const seen = this.#history.observe(stored);
    if (!wanted(seen)) return null;
    return this.#lastLoad.find(stored, seen) ?? this.load();
  }

  /**
   * The stored version (0: nothing stored) and the name of its history (see `Observed`): one HMGET,
   * cheap enough to poll.
   */
  async version(): Promise<Observed> {
    return this.#history.observe(await this.#readIdentity());
  }

  /**
   * Validates, then writes if the stored version is still `expectedVersion`, and announces the new
   * version on the channel, all in one script.
   * @throws InvalidConfigError when `config` is invalid (nothing is written)
   * @throws ConflictError when another writer got there first, or when `expectedVersion` is the
   *   version this store read last but the stored one has other content (Redis went back and was
   *   written again): nothing is written; load and decide again
   * @throws StoreUnavailableError when Redis cannot be reached in time (the write may or may not
   *   have happened: load the configuration to find out)
   */
  async write(config: FlagsConfig, options: ConfigWriteOptions): Promise<ConfigWriteResult> {
    const expected = options.expectedVersion;
    if (!Number.isSafeInteger(expected) || expected < 0) {
      throw new RampkitError(
        'RAMPKIT_INVALID_ARGUMENT',
        `writeConfig: expectedVersion must be a non-negative integer, got ${describeValue(expected)}`,
      );
    }
    // Sliced like the encoding below: a 10,000-flag write must not stall the writer's event loop.
    const validated = await validateConfigAsync(config, undefined, { sliceMs: this.#sliceMs });
    const { fields, digest } = await encodeConfig(validated, { sliceMs: this.#sliceMs });
    // The diff is against what is stored at `expected`: the script writes only if that is still so.
    const before = expected === 0 ? null : await this.#peek();
    const updatedAt = this.#now();
    const entry = buildAuditEntry({
      at: updatedAt,
      audit: options.audit,
      before: before !== null && before.version === expected ? before : undefined,
      after: { version: expected + 1, config: validated },
    });
    const [applied, version, generation] = await this.#connection.run('write configuration', () =>
      this.#commands.rampkitWriteConfig(
        this.#keys.config,
        this.#keys.audit,
        String(expected),
        String(updatedAt),
        this.#keys.configChannel,
        // Used only when the hash holds no generation yet: random, so two histories never share one.
        randomUUID(),
        this.#history.digestOf(expected) ?? '',
        digest,
        JSON.stringify(entry),
        String(this.#auditRetention),
        ...fields,
      ),
    );
    if (applied === -1) {
      throw new ConflictError(
        `configuration (version ${expected} is stored with other content than this store read: ` +
          'Redis went back to an older version and was written again, or was restored)',
        expected,
        version,
      );
    }
    if (applied !== 1) throw new ConflictError('configuration', expected, version);
    const seen = this.#history.observe({ version, generation, digest });
    return { ...named({ version, config: validated, updatedAt }, seen), auditId: entry.id };
  }

  /**
   * The stored snapshot for the audit diff only: not observed by the history, so that the digest
   * check of the write still tests what the writer itself read.
   */
  async #peek(): Promise<ConfigSnapshot | null> {
    const key = this.#keys.config;
    const hash = await this.#connection.run('load configuration', (client) => client.hgetall(key));
    try {
      return await decodeSnapshot(hash, { sliceMs: this.#sliceMs });
    } catch {
      // Unreadable: the entry lists the whole configuration as added; the write decides the rest.
      return null;
    }
  }

  async #readIdentity(): Promise<StoredIdentity> {
    const key = this.#keys.config;
    const [version, generation, digest] = await this.#connection.run('read configuration version', (client) =>
      client.hmget(key, 'version', 'generation', 'digest'),
    );
    return identity(version, generation, digest);
  }

  async #decode(hash: Record<string, string>, seen: Observed): Promise<ConfigSnapshot | null> {
    const key = this.#keys.config;
    let snapshot: ConfigSnapshot | null;
    try {
      snapshot = await decodeAdoptedSnapshot(hash, key, { sliceMs: this.#sliceMs });
    } catch (error) {
      throw new InvalidConfigError([{ path: '$', message: errorMessage(error) }], `Redis key ${key}`);
    }
    return snapshot && named(snapshot, seen);
  }

  /** The audit entries kept, newest first (one LRANGE). */
  async readAudit(query?: AuditQuery): Promise<AuditEntry[]> {
    const key = this.#keys.audit;
    const stop = query?.flag === undefined && query?.limit !== undefined ? Math.max(0, query.limit) - 1 : -1;
    if (stop < -1 || (query?.limit !== undefined && query.limit <= 0)) return [];
    const items = await this.#connection.run('read audit log', (client) => client.lrange(key, 0, stop));
    return selectAudit(
      items.map((item) => JSON.parse(item) as AuditEntry),
      query,
    );
  }
}

function identity(
  version: string | null | undefined,
  generation: string | null | undefined,
  digest: string | null | undefined,
): StoredIdentity {
  return {
    version: version == null ? 0 : Number(version),
    generation: generation ?? undefined,
    digest: digest ?? undefined,
  };
}

/** The snapshot under the name of its history (absent when it has none). */
function named(snapshot: ConfigSnapshot, seen: Observed): ConfigSnapshot {
  const result: ConfigSnapshot = {
    version: snapshot.version,
    config: snapshot.config,
    updatedAt: snapshot.updatedAt,
  };
  if (seen.generation !== undefined) result.generation = seen.generation;
  return result;
}
