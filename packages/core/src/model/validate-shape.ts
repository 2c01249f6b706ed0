import type { ValidationIssue } from '../errors/errors.js';

/**
 * Building blocks shared by every part of configuration validation. They read input that may be
 * anything (parsed JSON, a hand-built object, something hostile), so they only ever look at own
 * properties (`Object.hasOwn`, `Object.keys`) and never trust a prototype.
 */

export type Issues = ValidationIssue[];
export type RecordValue = Record<string, unknown>;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const MAX_SHOWN = 60;

/** A plain object: not null, not an array. */
export function isRecord(value: unknown): value is RecordValue {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The path of a property: `flags[0].key`, or `variations["two words"]` for other names. */
export function childPath(path: string, key: string): string {
  const part = IDENTIFIER.test(key) ? `.${key}` : `[${quote(key)}]`;
  return path === '' ? part.replace(/^\./, '') : `${path}${part}`;
}

export function indexPath(path: string, index: number): string {
  return `${path}[${index}]`;
}

/** A string as it appears in a message: JSON-quoted and cut short, since input may be huge. */
export function quote(text: string): string {
  const shown = text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text;
  return JSON.stringify(shown);
}

/** What a value is, for "expected X, got Y" messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${quote(value)}`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

export function get(record: RecordValue, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

export function has(record: RecordValue, key: string): boolean {
  return Object.hasOwn(record, key) && record[key] !== undefined;
}

/** Reports every own property not in `allowed`: typos are issues, never silently ignored. */
export function checkKnownKeys(
  record: RecordValue,
  allowed: readonly string[],
  path: string,
  issues: Issues,
): void {
  for (const key of Object.keys(record)) {
    if (!allowed.includes(key)) {
      issues.push({
        path: childPath(path, key),
        message: `unknown property; allowed: ${allowed.join(', ')}`,
      });
    }
  }
}

/** Pushes an issue and returns false unless `value` is a plain object. */
export function expectRecord(value: unknown, path: string, issues: Issues): value is RecordValue {
  if (isRecord(value)) return true;
  issues.push({ path, message: `must be an object, got ${describe(value)}` });
  return false;
}

export function expectArray(value: unknown, path: string, issues: Issues): value is unknown[] {
  if (Array.isArray(value)) return true;
  issues.push({ path, message: `must be an array, got ${describe(value)}` });
  return false;
}

export function expectString(value: unknown, path: string, issues: Issues): value is string {
  if (typeof value === 'string') return true;
  issues.push({ path, message: `must be a string, got ${describe(value)}` });
  return false;
}

export function expectNonEmptyString(value: unknown, path: string, issues: Issues): value is string {
  if (typeof value === 'string' && value.length > 0) return true;
  issues.push({ path, message: `must be a non-empty string, got ${describe(value)}` });
  return false;
}

export function expectBoolean(value: unknown, path: string, issues: Issues): value is boolean {
  if (typeof value === 'boolean') return true;
  issues.push({ path, message: `must be true or false, got ${describe(value)}` });
  return false;
}

/** An integer in `[min, max]`. */
export function expectInteger(
  value: unknown,
  min: number,
  max: number,
  path: string,
  issues: Issues,
): value is number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return true;
  issues.push({ path, message: `must be an integer from ${min} to ${max}, got ${describe(value)}` });
  return false;
}

/** An array of strings; each bad element is its own issue. Returns the strings it found. */
export function expectStringArray(value: unknown, path: string, issues: Issues): string[] {
  if (!expectArray(value, path, issues)) return [];
  const strings: string[] = [];
  for (let i = 0; i < value.length; i++) {
    const item = value[i];
    if (expectString(item, indexPath(path, i), issues)) strings.push(item);
  }
  return strings;
}

/** Checks an optional property with `check` when it is present. */
export function optional(
  record: RecordValue,
  key: string,
  path: string,
  issues: Issues,
  check: (value: unknown, path: string, issues: Issues) => unknown,
): void {
  if (has(record, key)) check(record[key], childPath(path, key), issues);
}
