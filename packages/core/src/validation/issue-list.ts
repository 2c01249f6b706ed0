import type { ValidationIssue } from '../errors/errors.js';
import { describeValue } from './describe-value.js';
import {
  checkKnownKeys,
  expectArray,
  expectBoolean,
  expectNumber,
  expectOneOf,
  expectRecord,
  type NumberRange,
  type RecordValue,
} from './shape.js';

/**
 * Collects every problem of a document with the path of the offending field, so one error lists
 * them all. Each reader returns the value when it has the expected shape and `undefined` (with an
 * issue added) when it does not; packages extend it with readers of their own (durations, URLs).
 */
export class IssueList {
  readonly list: ValidationIssue[] = [];

  add(path: string, message: string): void {
    this.list.push({ path, message });
  }

  object(value: unknown, path: string): RecordValue | undefined {
    return expectRecord(value, path, this.list) ? value : undefined;
  }

  array(value: unknown, path: string): unknown[] | undefined {
    return expectArray(value, path, this.list) ? value : undefined;
  }

  /** Reports every own property not in `keys`. */
  knownKeys(value: RecordValue, keys: readonly string[], path: string): void {
    checkKnownKeys(value, keys, path, this.list);
  }

  /** A non-empty string; a missing one "is required". */
  string(value: unknown, path: string): string | undefined {
    if (typeof value === 'string' && value.length > 0) return value;
    this.add(
      path,
      value === undefined ? 'is required' : `must be a non-empty string, got ${describeValue(value)}`,
    );
    return undefined;
  }

  boolean(value: unknown, path: string): boolean | undefined {
    return expectBoolean(value, path, this.list) ? value : undefined;
  }

  oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[]): T | undefined {
    return expectOneOf(value, allowed, path, this.list) ? value : undefined;
  }

  /** A finite number within `range` (no bounds by default). */
  number(value: unknown, path: string, range: NumberRange = {}): number | undefined {
    return expectNumber(value, range, path, this.list) ? value : undefined;
  }
}
