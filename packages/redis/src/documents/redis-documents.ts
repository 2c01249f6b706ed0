import { ConflictError, LeaseLostError, RampkitError } from '@rampkit/core';
import type { Connection } from '../connection/connection.js';
import type { KeySpace } from '../keys.js';
import type { RampkitCommands } from '../scripts/commands.js';

export interface PutOptions {
  expectedVersion: number;
  fence?: { lease: string; token: number };
}

/** Versioned JSON documents with compare-and-set writes, optionally fenced by a lease token. */
export class RedisDocuments {
  readonly #connection: Connection;
  readonly #commands: RampkitCommands;
  readonly #keys: KeySpace;

  constructor(connection: Connection, commands: RampkitCommands, keys: KeySpace) {
    this.#connection = connection;
    this.#commands = commands;
    this.#keys = keys;
  }

  async get<T>(key: string): Promise<{ version: number; value: T } | null> {
    const redisKey = this.#keys.document(key);
    const [version, value] = await this.#connection.run(`read document ${key}`, (client) =>
      client.hmget(redisKey, 'version', 'value'),
    );
    if (version === null || version === undefined || value === null || value === undefined) return null;
    return { version: Number(version), value: JSON.parse(value) as T };
  }

  /**
   * @throws LeaseLostError when `fence` names a lease token that is no longer current (checked first)
   * @throws ConflictError when the stored version is not `expectedVersion` (0: absent)
   * @throws RampkitError `RAMPKIT_INVALID_ARGUMENT` when the value is not JSON-serialisable
   * @throws StoreUnavailableError when Redis cannot be reached in time
   */
  async put(key: string, value: unknown, options: PutOptions): Promise<{ version: number }> {
    const { expectedVersion, fence } = options;
    if (!Number.isSafeInteger(expectedVersion) || expectedVersion < 0) {
      throw new RampkitError(
        'RAMPKIT_INVALID_ARGUMENT',
        `document ${key}: expectedVersion must be a non-negative integer, got ${String(expectedVersion)}`,
      );
    }
    const json = serialise(key, value);
    const documentKey = this.#keys.document(key);
    const fenceKey = fence ? this.#keys.lease(fence.lease) : documentKey;
    const [outcome, version] = await this.#connection.run(`write document ${key}`, () =>
      this.#commands.rampkitPutDocument(
        documentKey,
        this.#keys.documentIndex,
        fenceKey,
        String(expectedVersion),
        json,
        key,
        fence ? String(fence.token) : '',
      ),
    );
    if (outcome === -1 && fence) {
      throw new LeaseLostError(
        `document ${key}: lease ${fence.lease} token ${fence.token} is no longer current; nothing was changed`,
      );
    }
    if (outcome !== 1) throw new ConflictError(`document ${key}`, expectedVersion, version);
    return { version };
  }

  async list(prefix: string): Promise<string[]> {
    const index = this.#keys.documentIndex;
    const keys = await this.#connection.run('list documents', (client) => client.smembers(index));
    return keys.filter((key) => key.startsWith(prefix)).sort();
  }
}

function serialise(key: string, value: unknown): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (error) {
    throw new RampkitError('RAMPKIT_INVALID_ARGUMENT', `document ${key}: value cannot be stored (not JSON)`, {
      cause: error,
    });
  }
  if (json === undefined) {
    throw new RampkitError('RAMPKIT_INVALID_ARGUMENT', `document ${key}: value cannot be stored (not JSON)`);
  }
  return json;
}
