import type { FlagsConfig } from '../model/types.js';
import { diffConfigs } from './flag-diff.js';
import type { AuditEntry, AuditInfo } from './types.js';

/** An actor or action longer than this is cut (they name someone or something: short). */
const MAX_NAME_CHARS = 200;
/** A reason longer than this is cut, so that one entry stays small. */
const MAX_REASON_CHARS = 1000;

export interface AuditWrite {
  /** The store's time of the write. */
  at: number;
  /** What the caller said (`writeConfig`'s `audit` option). */
  audit: AuditInfo | undefined;
  /** The configuration written over (absent for the first write) and its version. */
  before: { version: number; config: FlagsConfig } | undefined;
  /** The configuration written and its new version. */
  after: { version: number; config: FlagsConfig };
  /** @default a random UUID */
  id?: string;
}

/** The audit entry of one configuration write: who, when, why, and what changed. */
export function buildAuditEntry(write: AuditWrite): AuditEntry {
  const { audit, before, after } = write;
  const diff = diffConfigs(before?.config, after.config);
  const entry: AuditEntry = {
    id: write.id ?? globalThis.crypto.randomUUID(),
    at: write.at,
    actor: cut(nonEmpty(audit?.actor) ?? 'unknown', MAX_NAME_CHARS),
    action: cut(nonEmpty(audit?.action) ?? 'config.write', MAX_NAME_CHARS),
    toVersion: after.version,
    changes: diff.changes,
  };
  const reason = nonEmpty(audit?.reason);
  if (reason !== undefined) entry.reason = cut(reason, MAX_REASON_CHARS);
  if (before !== undefined) entry.fromVersion = before.version;
  if (diff.omittedChanges > 0) entry.omittedChanges = diff.omittedChanges;
  return entry;
}

function nonEmpty(value: string | undefined): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function cut(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`;
}
