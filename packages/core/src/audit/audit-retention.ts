import { RampkitError } from '../errors/errors.js';
import type { AuditEntry, AuditQuery } from './types.js';

/** Entries each store keeps unless told otherwise (option `auditRetention`). */
export const DEFAULT_AUDIT_RETENTION = 1000;

/**
 * The retention a store was given, checked.
 * @throws RampkitError `RAMPKIT_INVALID_ARGUMENT` unless it is a positive integer
 */
export function auditRetentionOf(value: number | undefined): number {
  if (value === undefined) return DEFAULT_AUDIT_RETENTION;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RampkitError(
      'RAMPKIT_INVALID_ARGUMENT',
      `auditRetention must be a positive integer, got ${String(value)}`,
    );
  }
  return value;
}

/** `entries` (oldest first) with `entry` appended and only the newest `retention` kept. */
export function appendAudit(
  entries: readonly AuditEntry[],
  entry: AuditEntry,
  retention: number,
): AuditEntry[] {
  const kept = [...entries, entry];
  return kept.length > retention ? kept.slice(kept.length - retention) : kept;
}

/** The entries (newest first) that answer `query`. */
export function selectAudit(newestFirst: readonly AuditEntry[], query: AuditQuery = {}): AuditEntry[] {
  const { flag, limit } = query;
  const matching =
    flag === undefined
      ? newestFirst
      : newestFirst.filter((entry) =>
          entry.changes.some((change) => change.kind === 'flag' && change.key === flag),
        );
  return limit === undefined ? [...matching] : matching.slice(0, Math.max(0, limit));
}
