import type { ValidationIssue } from '../errors/errors.js';
import { describeValue } from './describe-value.js';
import { childPath, indexPath } from './path.js';

/**
 * Checks of plain JSON shapes. They read input that may be anything (parsed JSON, a hand-built
 * object, something hostile), so they only ever look at own properties (`Object.hasOwn`,
 * `Object.keys`) and never trust a prototype. Each pushes an issue naming the path and returns
 * whether the value fit, so that one pass reports every problem.
 */

export type Issues = ValidationIssue[];
export type RecordValue = Record<string, unknown>;

/** A plain object: not null, not an array. */
export function isRecord(value: unknown): value is RecordValue {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An own property, so that `__proto__` in input is an ordinary (absent) name. */
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
  issues.push({ path, message: `must be an object, got ${describeValue(value)}` });
  return false;
}

export function expectArray(value: unknown, path: string, issues: Issues): value is unknown[] {
  if (Array.isArray(value)) return true;
  issues.push({ path, message: `must be an array, got ${describeValue(value)}` });
  return false;
}

export function expectString(value: unknown, path: string, issues: Issues): value is string {
  if (typeof value === 'string') return true;
  issues.push({ path, message: `must be a string, got ${describeValue(value)}` });
  return false;
}

export function expectNonEmptyString(value: unknown, path: string, issues: Issues): value is string {
  if (typeof value === 'string' && value.length > 0) return true;
  issues.push({ path, message: `must be a non-empty string, got ${describeValue(value)}` });
  return false;
}

export function expectBoolean(value: unknown, path: string, issues: Issues): value is boolean {
  if (typeof value === 'boolean') return true;
  issues.push({ path, message: `must be true or false, got ${describeValue(value)}` });
  return false;
}

/** One of the `allowed` strings. */
export function expectOneOf<T extends string>(
  value: unknown,
  allowed: readonly T[],
  path: string,
  issues: Issues,
): value is T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return true;
  issues.push({ path, message: `must be one of ${allowed.join(', ')}, got ${describeValue(value)}` });
  return false;
}

/** Bounds of a number; inclusive unless marked exclusive, none by default. */
export interface NumberRange {
  min?: number;
  max?: number;
  minExclusive?: boolean;
  maxExclusive?: boolean;
  integer?: boolean;
}

/** A finite number within `range`. */
export function expectNumber(
  value: unknown,
  range: NumberRange,
  path: string,
  issues: Issues,
): value is number {
  const {
    min = Number.NEGATIVE_INFINITY,
    max = Number.POSITIVE_INFINITY,
    minExclusive = false,
    maxExclusive = false,
    integer = false,
  } = range;
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (minExclusive ? value > min : value >= min) &&
    (maxExclusive ? value < max : value <= max) &&
    (!integer || Number.isInteger(value));
  if (ok) return true;
  issues.push({ path, message: `must be ${numberRule(range)}, got ${describeValue(value)}` });
  return false;
}

/** `an integer from 0 to 100`, `a number above 0`, `a number at least 0 and below 1`. */
function numberRule(range: NumberRange): string {
  const { min, max, minExclusive = false, maxExclusive = false, integer = false } = range;
  const kind = integer ? 'an integer' : 'a number';
  const hasMin = min !== undefined && Number.isFinite(min);
  const hasMax = max !== undefined && Number.isFinite(max);
  if (hasMin && hasMax && !minExclusive && !maxExclusive) return `${kind} from ${min} to ${max}`;
  const parts: string[] = [];
  if (hasMin) parts.push(`${minExclusive ? 'above' : 'at least'} ${min}`);
  if (hasMax) parts.push(`${maxExclusive ? 'below' : 'at most'} ${max}`);
  if (parts.length > 0) return `${kind} ${parts.join(' and ')}`;
  return integer ? kind : 'a finite number';
}

/** An integer in `[min, max]`. */
export function expectInteger(
  value: unknown,
  min: number,
  max: number,
  path: string,
  issues: Issues,
): value is number {
  return expectNumber(value, { min, max, integer: true }, path, issues);
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

/** Checks every element of `list` (found at `path`) with `check`. */
export function checkEach(
  list: readonly unknown[],
  path: string,
  issues: Issues,
  check: (item: unknown, itemPath: string, issues: Issues) => void,
): void {
  for (let i = 0; i < list.length; i++) check(list[i], indexPath(path, i), issues);
}
