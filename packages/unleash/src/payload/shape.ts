import type { ValidationIssue } from '@rampkit/core';

/**
 * Small structural checks for reading Unleash payloads. Each pushes an issue naming the JSON path
 * and returns whether the value had the expected shape, so that one pass reports every problem.
 */

export type Issues = ValidationIssue[];
export type Json = Record<string, unknown>;

export function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 40))}`;
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

export function expectRecord(value: unknown, path: string, issues: Issues): value is Json {
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

/** Own properties only, so that `__proto__` in a payload is an ordinary (absent) name. */
export function field(record: Json, name: string): unknown {
  return Object.hasOwn(record, name) ? record[name] : undefined;
}

/** Unleash serialises absent optional fields as `null` as often as it omits them. */
export function optionalField(record: Json, name: string): unknown {
  const value = field(record, name);
  return value === null ? undefined : value;
}

/** Checks each element of an optional array with `check`; absent and null pass. */
export function optionalList(
  record: Json,
  name: string,
  path: string,
  issues: Issues,
  check: (item: unknown, itemPath: string, issues: Issues) => void,
): void {
  const value = optionalField(record, name);
  if (value === undefined || !expectArray(value, `${path}.${name}`, issues)) return;
  checkEach(value, `${path}.${name}`, issues, check);
}

/** Checks every element of `list` (found at `path`) with `check`. */
export function checkEach(
  list: readonly unknown[],
  path: string,
  issues: Issues,
  check: (item: unknown, itemPath: string, issues: Issues) => void,
): void {
  for (let i = 0; i < list.length; i++) check(list[i], `${path}[${i}]`, issues);
}

export function optionalOf(
  record: Json,
  name: string,
  path: string,
  issues: Issues,
  types: ReadonlyArray<'string' | 'number' | 'boolean'>,
): void {
  const value = optionalField(record, name);
  if (value === undefined || (types as readonly string[]).includes(typeof value)) return;
  issues.push({
    path: `${path}.${name}`,
    message: `must be a ${types.join(' or ')}, got ${describe(value)}`,
  });
}
