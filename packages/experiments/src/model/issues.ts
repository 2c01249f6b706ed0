import type { ValidationIssue } from '@rampkit/core';

export type PlainObject = Record<string, unknown>;

/** Collects every problem with the path of the offending field, so one error lists them all. */
export class Issues {
  readonly list: ValidationIssue[] = [];

  add(path: string, message: string): void {
    this.list.push({ path, message });
  }

  object(value: unknown, path: string): PlainObject | undefined {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as PlainObject;
    this.add(path, `must be an object, got ${describeValue(value)}`);
    return undefined;
  }

  array(value: unknown, path: string): unknown[] | undefined {
    if (Array.isArray(value)) return value;
    this.add(path, `must be a list, got ${describeValue(value)}`);
    return undefined;
  }

  knownKeys(value: PlainObject, keys: readonly string[], path: string): void {
    for (const key of Object.keys(value)) {
      if (!keys.includes(key))
        this.add(join(path, key), `unknown field (expected one of ${keys.join(', ')})`);
    }
  }

  string(value: unknown, path: string): string | undefined {
    if (typeof value === 'string' && value.length > 0) return value;
    this.add(path, `must be a non-empty string, got ${describeValue(value)}`);
    return undefined;
  }

  oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[]): T | undefined {
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
    this.add(path, `must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${describeValue(value)}`);
    return undefined;
  }

  /** A finite number in the range; bounds are inclusive unless marked exclusive. */
  number(
    value: unknown,
    path: string,
    range: {
      min?: number;
      max?: number;
      minExclusive?: boolean;
      maxExclusive?: boolean;
      integer?: boolean;
    } = {},
  ): number | undefined {
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
    if (ok) return value;
    const kind = integer ? 'an integer' : 'a number';
    const parts: string[] = [];
    if (Number.isFinite(min)) parts.push(`${minExclusive ? 'above' : 'at least'} ${min}`);
    if (Number.isFinite(max)) parts.push(`${maxExclusive ? 'below' : 'at most'} ${max}`);
    const bound =
      parts.length > 0
        ? `must be ${kind} ${parts.join(' and ')}`
        : `must be a finite ${kind.slice(kind.indexOf(' ') + 1)}`;
    this.add(path, `${bound}, got ${describeValue(value)}`);
    return undefined;
  }
}

/** `metrics[2]` + `cap` → `metrics[2].cap`; the root is the empty path. */
export function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}
