import { checkCondition } from '../conditions/check.js';
import {
  checkKnownKeys,
  childPath,
  expectArray,
  expectNonEmptyString,
  expectString,
  expectStringArray,
  get,
  type Issues,
  indexPath,
  optional,
  type RecordValue,
} from '../validation/index.js';
import { SEGMENT_KEYS } from './validate-keys.js';

/** Checks one segment definition (everything but the uniqueness of its key). */
export function checkSegment(segment: RecordValue, path: string, issues: Issues): void {
  checkKnownKeys(segment, SEGMENT_KEYS, path, issues);
  expectNonEmptyString(get(segment, 'key'), childPath(path, 'key'), issues);
  optional(segment, 'included', path, issues, expectStringArray);
  optional(segment, 'excluded', path, issues, expectStringArray);
  optional(segment, 'conditions', path, issues, (conditions, at) => {
    if (!expectArray(conditions, at, issues)) return;
    for (let i = 0; i < conditions.length; i++) checkCondition(conditions[i], indexPath(at, i), issues);
  });
  optional(segment, 'unitAttribute', path, issues, expectNonEmptyString);
  optional(segment, 'description', path, issues, expectString);
}
