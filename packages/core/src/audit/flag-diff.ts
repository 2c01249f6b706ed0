import type { FlagsConfig, JsonValue } from '../model/types.js';
import type { FieldChange, FlagChange } from './types.js';

/** Flags and segments listed per entry; the rest are counted in `omittedChanges`. */
export const MAX_CHANGES_PER_ENTRY = 100;
/** Changed fields listed per entry, across its flags; the rest are counted per flag in `omittedFields`. */
export const MAX_FIELDS_PER_ENTRY = 64;
/** A before or after value longer than this as JSON is kept as a short description instead. */
export const MAX_VALUE_CHARS = 200;

export interface ConfigDiff {
  changes: FlagChange[];
  omittedChanges: number;
}

/**
 * How `after` differs from `before`, flag by flag then segment by segment, each in key order:
 * added, removed, or changed with the paths of the fields that differ and their values. Bounded
 * (the limits above) so that an entry stays small whatever the write: the audit log keeps a
 * thousand of them in memory or in one Redis list.
 */
export function diffConfigs(before: FlagsConfig | undefined, after: FlagsConfig): ConfigDiff {
  const diff: ConfigDiff = { changes: [], omittedChanges: 0 };
  const budget = { fields: MAX_FIELDS_PER_ENTRY };
  diffKeyed('flag', before?.flags ?? [], after.flags, diff, budget);
  diffKeyed('segment', before?.segments ?? [], after.segments ?? [], diff, budget);
  return diff;
}

function diffKeyed(
  kind: FlagChange['kind'],
  before: readonly { key: string }[],
  after: readonly { key: string }[],
  diff: ConfigDiff,
  budget: { fields: number },
): void {
  const old = new Map(before.map((item) => [item.key, item]));
  const now = new Map(after.map((item) => [item.key, item]));
  const keys = [...new Set([...old.keys(), ...now.keys()])].sort();
  for (const key of keys) {
    const a = old.get(key);
    const b = now.get(key);
    let change: FlagChange | null;
    if (a === undefined) change = { kind, key, change: 'added' };
    else if (b === undefined) change = { kind, key, change: 'removed' };
    else change = changedFields(kind, key, a as unknown as JsonValue, b as unknown as JsonValue, budget);
    if (change === null) continue;
    if (diff.changes.length < MAX_CHANGES_PER_ENTRY) diff.changes.push(change);
    else diff.omittedChanges += 1;
  }
}

function changedFields(
  kind: FlagChange['kind'],
  key: string,
  before: JsonValue,
  after: JsonValue,
  budget: { fields: number },
): FlagChange | null {
  const fields: FieldChange[] = [];
  let omitted = 0;
  walk(before, after, '', (field) => {
    if (budget.fields > 0) {
      budget.fields -= 1;
      fields.push(field);
    } else {
      omitted += 1;
    }
  });
  if (fields.length === 0 && omitted === 0) return null;
  const change: FlagChange = { kind, key, change: 'changed', fields };
  if (omitted > 0) change.omittedFields = omitted;
  return change;
}

/** Calls `report` with every leaf that differs; objects go by key, arrays by index. */
function walk(
  before: JsonValue | undefined,
  after: JsonValue | undefined,
  path: string,
  report: (field: FieldChange) => void,
): void {
  if (before === after) return;
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    for (const key of keys) walk(before[key], after[key], path === '' ? key : `${path}.${key}`, report);
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    for (let i = 0; i < Math.max(before.length, after.length); i++) {
      walk(before[i], after[i], `${path}[${i}]`, report);
    }
    return;
  }
  const field: FieldChange = { path: path === '' ? '$' : path };
  if (before !== undefined) field.before = bounded(before);
  if (after !== undefined) field.after = bounded(after);
  report(field);
}

function bounded(value: JsonValue): JsonValue {
  const json = JSON.stringify(value);
  if (json.length <= MAX_VALUE_CHARS) return value;
  const what = Array.isArray(value) ? 'array' : typeof value === 'object' ? 'object' : typeof value;
  return `(${what} of ${json.length} characters)`;
}

function isObject(value: JsonValue | undefined): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
