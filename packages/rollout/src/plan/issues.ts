import type { ValidationIssue } from '@rampkit/core';
import { type Duration, describeValue, durationMs } from '../duration.js';

export type PlainObject = Record<string, unknown>;

/** Collects every problem of a plan with the path of the offending field, so one error lists them all. */
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
    this.add(
      path,
      value === undefined ? 'is required' : `must be a non-empty string, got ${describeValue(value)}`,
    );
    return undefined;
  }

  boolean(value: unknown, path: string): boolean | undefined {
    if (typeof value === 'boolean') return value;
    this.add(path, `must be true or false, got ${describeValue(value)}`);
    return undefined;
  }

  /** A number in `[min, max]` (or above `min` when `minExclusive`). */
  number(
    value: unknown,
    path: string,
    range: { min: number; max?: number; minExclusive?: boolean; integer?: boolean },
  ): number | undefined {
    const { min, max = Number.POSITIVE_INFINITY, minExclusive = false, integer = false } = range;
    const inRange =
      typeof value === 'number' &&
      Number.isFinite(value) &&
      (minExclusive ? value > min : value >= min) &&
      value <= max &&
      (!integer || Number.isInteger(value));
    if (inRange) return value;
    const kind = integer ? 'an integer' : 'a number';
    const bound = Number.isFinite(max)
      ? `must be between ${min} and ${max}`
      : `must be ${kind} ${minExclusive ? 'above' : 'of at least'} ${min}`;
    this.add(path, `${bound}, got ${describeValue(value)}`);
    return undefined;
  }

  /** A canary share in percent: 0..100 with at most two decimals (basis points). */
  percent(value: unknown, path: string, options: { allowZero: boolean }): number | undefined {
    const percent = this.number(value, path, { min: 0, max: 100, minExclusive: !options.allowZero });
    if (percent === undefined) return undefined;
    if (Math.abs(percent * 100 - Math.round(percent * 100)) > 1e-9) {
      this.add(path, `must have at most two decimals (weights are basis points), got ${percent}`);
      return undefined;
    }
    return percent;
  }

  duration(value: unknown, path: string, options: { positive: boolean }): number | undefined {
    const result = durationMs(value as Duration);
    if (typeof result !== 'number') {
      this.add(path, result.error);
      return undefined;
    }
    if (options.positive && result === 0) {
      this.add(path, 'must be longer than zero');
      return undefined;
    }
    return result;
  }

  url(value: unknown, path: string): string | undefined {
    const text = this.string(value, path);
    if (text === undefined) return undefined;
    try {
      const url = new URL(text);
      if (url.protocol === 'http:' || url.protocol === 'https:') return text;
    } catch {
      // Reported below with the same message as a non-HTTP URL.
    }
    this.add(path, `must be an http(s) URL, got ${JSON.stringify(text)}`);
    return undefined;
  }

  headers(value: unknown, path: string): Record<string, string> {
    if (value === undefined) return {};
    const record = this.object(value, path);
    if (record === undefined) return {};
    const headers: Record<string, string> = {};
    for (const [name, header] of Object.entries(record)) {
      if (typeof header === 'string') headers[name] = header;
      else this.add(join(path, name), `must be a string, got ${describeValue(header)}`);
    }
    return headers;
  }
}

export function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

export function at(path: string, index: number): string {
  return `${path}[${index}]`;
}
