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

/** How much of a difference `diffConfigs` keeps, and what it leaves out of the comparison. */
export interface DiffOptions {
  /** Flags and segments listed; the rest are counted in `omittedChanges`. @default MAX_CHANGES_PER_ENTRY */
  maxChanges?: number;
  /** Changed fields listed across the diff. @default MAX_FIELDS_PER_ENTRY */
  maxFields?: number;
  /** A value longer than this as JSON is kept as a short description. @default MAX_VALUE_CHARS */
  maxValueChars?: number;
  /** Top-level fields of a flag or segment not compared, e.g. `version`, a counter each store
   * keeps for itself. @default none */
  ignoreFields?: readonly string[];
}

/** The audit log's bounds: an entry stays small whatever the write. */
const AUDIT_BOUNDS: Required<DiffOptions> = {
  maxChanges: MAX_CHANGES_PER_ENTRY,
  maxFields: MAX_FIELDS_PER_ENTRY,
  maxValueChars: MAX_VALUE_CHARS,
  ignoreFields: [],
};

/** Every difference, whole: for comparing two environments (`rampkit flags diff`). */
export const UNBOUNDED_DIFF: Required<DiffOptions> = {
  maxChanges: Number.POSITIVE_INFINITY,
  maxFields: Number.POSITIVE_INFINITY,
  maxValueChars: Number.POSITIVE_INFINITY,
  ignoreFields: [],
};

/**
 * How `after` differs from `before`, flag by flag then segment by segment, each in key order:
 * added, removed, or changed with the paths of the fields that differ and their values. Bounded by
 * default (the limits above) so that an entry stays small whatever the write: the audit log keeps
 * a thousand of them in memory or in one Redis list.
 */
export function diffConfigs(
  before: FlagsConfig | undefined,
  after: FlagsConfig,
  options: DiffOptions = {},
): ConfigDiff {
  const limits: Required<DiffOptions> = { ...AUDIT_BOUNDS, ...definedOnly(options) };
  const diff: ConfigDiff = { changes: [], omittedChanges: 0 };
  const budget = { fields: limits.maxFields };
  diffKeyed('flag', before?.flags ?? [], after.flags, diff, budget, limits);
  diffKeyed('segment', before?.segments ?? [], after.segments ?? [], diff, budget, limits);
  return diff;
}

function definedOnly(options: DiffOptions): DiffOptions {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}

function diffKeyed(
  kind: FlagChange['kind'],
  before: readonly { key: string }[],
  after: readonly { key: string }[],
  diff: ConfigDiff,
  budget: { fields: number },
  limits: Required<DiffOptions>,
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
    else
      change = changedFields(kind, key, a as unknown as JsonValue, b as unknown as JsonValue, budget, limits);
    if (change === null) continue;
    if (diff.changes.length < limits.maxChanges) diff.changes.push(change);
    else diff.omittedChanges += 1;
  }
}

function changedFields(
  kind: FlagChange['kind'],
  key: string,
  before: JsonValue,
  after: JsonValue,
  budget: { fields: number },
  limits: Required<DiffOptions>,
): FlagChange | null {
  const fields: FieldChange[] = [];
  let omitted = 0;
  const ignored = new Set(limits.ignoreFields);
  walk(before, after, '', limits.maxValueChars, ignored, (field) => {
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

const NONE: ReadonlySet<string> = new Set();

/** Calls `report` with every leaf that differs; objects go by key, arrays by index; `ignored`
 * names fields of the top level only. */
function walk(
  before: JsonValue | undefined,
  after: JsonValue | undefined,
  path: string,
  maxValueChars: number,
  ignored: ReadonlySet<string>,
  report: (field: FieldChange) => void,
): void {
  if (before === after) return;
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    for (const key of keys) {
      if (path === '' && ignored.has(key)) continue;
      walk(before[key], after[key], path === '' ? key : `${path}.${key}`, maxValueChars, NONE, report);
    }
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    for (let i = 0; i < Math.max(before.length, after.length); i++) {
      walk(before[i], after[i], `${path}[${i}]`, maxValueChars, NONE, report);
    }
    return;
  }
  const field: FieldChange = { path: path === '' ? '$' : path };
  if (before !== undefined) field.before = bounded(before, maxValueChars);
  if (after !== undefined) field.after = bounded(after, maxValueChars);
  report(field);
}

function bounded(value: JsonValue, maxValueChars: number): JsonValue {
  if (maxValueChars === Number.POSITIVE_INFINITY) return value;
  const json = JSON.stringify(value);
  if (json.length <= maxValueChars) return value;
  const what = Array.isArray(value) ? 'array' : typeof value === 'object' ? 'object' : typeof value;
  return `(${what} of ${json.length} characters)`;
}

function isObject(value: JsonValue | undefined): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
