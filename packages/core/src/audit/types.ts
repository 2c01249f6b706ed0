import type { JsonValue } from '../model/types.js';

/** Who writes a configuration and why, as the caller names them (`writeConfig`'s `audit` option). */
export interface AuditInfo {
  /** Who made the change: a person (`alice@laptop`) or a program (`rollout-controller-1`). @default 'unknown' */
  actor?: string;
  /** Why, in the caller's words (`--reason` in the CLI, a verdict's reason for the rollout controller). */
  reason?: string;
  /** What kind of write: `flags.set`, `flags.disable`, `rollout.rollback`, … @default 'config.write' */
  action?: string;
}

/** One changed field of a flag or segment: where, and its value before and after (absent: no field). */
export interface FieldChange {
  /** The field's path inside the flag, e.g. `enabled`, `fallthrough.split.weights[0].weight`. */
  path: string;
  before?: JsonValue;
  after?: JsonValue;
}

/** How one flag or segment differs between two configurations. */
export interface FlagChange {
  kind: 'flag' | 'segment';
  key: string;
  change: 'added' | 'removed' | 'changed';
  /** For `changed`: the fields that differ, at most `MAX_FIELDS_PER_ENTRY` across the entry. */
  fields?: FieldChange[];
  /** Changed fields left out of `fields` to keep the entry small. */
  omittedFields?: number;
}

/** One configuration write as the audit log keeps it. */
export interface AuditEntry {
  /** Unique per entry; `writeConfig` returns it as `auditId`. */
  id: string;
  /** Epoch milliseconds of the write (the store's clock). */
  at: number;
  actor: string;
  reason?: string;
  action: string;
  /** The version written over; absent for the first write. */
  fromVersion?: number;
  /** The version this write created. */
  toVersion: number;
  changes: FlagChange[];
  /** Flags and segments that changed but were left out of `changes` to keep the entry small. */
  omittedChanges?: number;
}

export interface AuditQuery {
  /** Only entries that changed this flag. @default every entry */
  flag?: string;
  /** At most this many entries, newest first. @default every entry kept */
  limit?: number;
}

/**
 * A store that records every configuration write (memory, the file state store, Redis): the
 * newest `auditRetention` entries are kept (docs/operations.md, "Audit log").
 */
export interface AuditLog {
  /** Entries newest first, filtered by `query`. */
  readAudit(query?: AuditQuery): Promise<AuditEntry[]>;
}

export function isAuditLog(store: unknown): store is AuditLog {
  return typeof store === 'object' && store !== null && typeof (store as AuditLog).readAudit === 'function';
}
