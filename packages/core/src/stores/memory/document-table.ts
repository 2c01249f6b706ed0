import { ConflictError, LeaseLostError, RampkitError } from '../../errors/errors.js';

interface StoredDocument {
  version: number;
  value: unknown;
}

export interface PutOptions {
  expectedVersion: number;
  fence?: { lease: string; token: number };
}

/**
 * Versioned documents with compare-and-set writes. Values are cloned on the way in and on the way
 * out, so neither the writer nor a reader can change what is stored by mutating its object.
 */
export class DocumentTable {
  readonly #documents = new Map<string, StoredDocument>();
  readonly #isFenceCurrent: (lease: string, token: number) => boolean;

  constructor(isFenceCurrent: (lease: string, token: number) => boolean) {
    this.#isFenceCurrent = isFenceCurrent;
  }

  get<T>(key: string): { version: number; value: T } | null {
    const stored = this.#documents.get(key);
    return stored ? { version: stored.version, value: structuredClone(stored.value) as T } : null;
  }

  /**
   * @throws LeaseLostError when `fence` names a lease token that is no longer current (checked first:
   *   a writer that lost its lease must stop, whatever the version)
   * @throws ConflictError when the stored version is not `expectedVersion` (0: absent)
   */
  put(key: string, value: unknown, options: PutOptions): { version: number } {
    const { expectedVersion, fence } = options;
    if (fence && !this.#isFenceCurrent(fence.lease, fence.token)) {
      throw new LeaseLostError(
        `document ${key}: lease ${fence.lease} token ${fence.token} is no longer current; nothing was changed`,
      );
    }
    const actual = this.#documents.get(key)?.version ?? 0;
    if (actual !== expectedVersion) throw new ConflictError(`document ${key}`, expectedVersion, actual);
    const version = actual + 1;
    this.#documents.set(key, { version, value: cloneValue(key, value) });
    return { version };
  }

  list(prefix: string): string[] {
    return [...this.#documents.keys()].filter((key) => key.startsWith(prefix)).sort();
  }
}

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
