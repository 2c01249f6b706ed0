import { ConflictError, LeaseLostError } from '../../errors/errors.js';
import { isFenceCurrent, type LeaseTable } from './lease.js';

/** One stored document: its value and the version its last write made (1 for the first). */
export interface StoredDocument {
  readonly version: number;
  readonly value: unknown;
}

export interface PutDocumentOptions {
  /** The version the writer read; 0 when it expects no document. */
  expectedVersion: number;
  /** The lease the writer must still hold, with the token it was given. */
  fence?: { lease: string; token: number };
}

/**
 * The document that replaces `current` (undefined: none stored) when a writer puts `value` under
 * `key`. The value is stored as given: each store makes its own private copy first.
 * @throws LeaseLostError when `fence` names a lease token that is no longer current (checked first:
 *   a writer that lost its lease must stop, whatever the version)
 * @throws ConflictError when the stored version is not `expectedVersion`
 */
export function nextDocument(
  key: string,
  current: StoredDocument | undefined,
  value: unknown,
  options: PutDocumentOptions,
  leases: LeaseTable,
  now: number,
): StoredDocument {
  const { expectedVersion, fence } = options;
  if (fence !== undefined && !isFenceCurrent(leases, fence.lease, fence.token, now)) {
    throw new LeaseLostError(
      `document ${key}: lease ${fence.lease} token ${fence.token} is no longer current; nothing was changed`,
    );
  }
  const actual = current?.version ?? 0;
  if (actual !== expectedVersion) throw new ConflictError(`document ${key}`, expectedVersion, actual);
  return { version: actual + 1, value };
}

/** The keys that start with `prefix`, in code-unit order. */
export function documentKeysUnder(keys: Iterable<string>, prefix: string): string[] {
  return [...keys].filter((key) => key.startsWith(prefix)).sort();
}
