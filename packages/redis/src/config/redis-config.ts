import { randomUUID } from 'node:crypto';
import {
  type ConfigSnapshot,
  ConflictError,
  type FlagsConfig,
  InvalidConfigError,
  RampkitError,
  validateConfigAsync,
} from '@rampkit/core';
import type { Connection } from '../connection/connection.js';
import { TimeSlicer } from '../internal/time-slicer.js';
import type { KeySpace } from '../keys.js';
import type { RampkitCommands } from '../scripts/commands.js';
import { decodeSnapshot, encodeConfig } from './snapshot-codec.js';

/** Where the stored configuration is in its history. */
export interface StoredVersion {
  version: number;
  generation: string | undefined;
}

/** Reads and compare-and-set writes of the configuration hash. */
export class RedisConfig {
  readonly #connection: Connection;
  readonly #commands: RampkitCommands;
  readonly #keys: KeySpace;
  readonly #now: () => number;
  readonly #sliceMs: number;

  constructor(
    connection: Connection,
    commands: RampkitCommands,
    keys: KeySpace,
    now: () => number,
    sliceMs: number,
  ) {
    this.#connection = connection;
    this.#commands = commands;
    this.#keys = keys;
    this.#now = now;
    this.#sliceMs = sliceMs;
  }

  /**
   * The stored snapshot (one HGETALL, so never half of two versions), parsed in slices.
   * @throws StoreUnavailableError when Redis cannot be reached in time
   * @throws InvalidConfigError when the hash is not a snapshot this store can read
   */
  async load(): Promise<ConfigSnapshot | null> {
    const key = this.#keys.config;
    const hash = await this.#connection.run('load configuration', (client) => client.hgetall(key));
    try {
      return await decodeSnapshot(hash, new TimeSlicer(this.#sliceMs));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new InvalidConfigError([{ path: '$', message }], `Redis key ${key}`);
    }
  }

  /**
   * The stored version (0: nothing stored) and generation (undefined for a configuration written
   * before generations were kept): one HMGET, cheap enough to poll.
   */
  async version(): Promise<StoredVersion> {
    const key = this.#keys.config;
    const [version, generation] = await this.#connection.run('read configuration version', (client) =>
      client.hmget(key, 'version', 'generation'),
    );
    return { version: version == null ? 0 : Number(version), generation: generation ?? undefined };
  }

  /**
   * Validates, then writes if the stored version is still `expectedVersion`, and announces the new
   * version on the channel, all in one script.
   * @throws InvalidConfigError when `config` is invalid (nothing is written)
   * @throws ConflictError when another writer got there first (nothing is written)
   * @throws StoreUnavailableError when Redis cannot be reached in time (the write may or may not
   *   have happened: load the configuration to find out)
   */
  async write(config: FlagsConfig, options: { expectedVersion: number }): Promise<ConfigSnapshot> {
    const expected = options.expectedVersion;
    if (!Number.isSafeInteger(expected) || expected < 0) {
      throw new RampkitError(
        'RAMPKIT_INVALID_ARGUMENT',
        `writeConfig: expectedVersion must be a non-negative integer, got ${String(expected)}`,
      );
    }
    // Sliced like the encoding below: a 10,000-flag write must not stall the writer's event loop.
    const validated = await validateConfigAsync(config, undefined, { sliceMs: this.#sliceMs });
    const fields = await encodeConfig(validated, new TimeSlicer(this.#sliceMs));
    const updatedAt = this.#now();
    const [applied, version, generation] = await this.#connection.run('write configuration', () =>
      this.#commands.rampkitWriteConfig(
        this.#keys.config,
        String(expected),
        String(updatedAt),
        this.#keys.configChannel,
        // Used only when the hash holds no generation yet: random, so two histories never share one.
        randomUUID(),
        ...fields,
      ),
    );
    if (applied !== 1) throw new ConflictError('configuration', expected, version);
    return { version, config: validated, updatedAt, generation };
  }
}
