/**
 * @rampkit/core/validation — checks of plain JSON shapes with one wording for every package:
 * issues name their path, and messages read "must be …, got …".
 */
export { describeValue, quote } from './describe-value.js';
export { formatIssues } from './format-issues.js';
export { IssueList } from './issue-list.js';
export { childPath, indexPath } from './path.js';
export {
  checkEach,
  checkKnownKeys,
  expectArray,
  expectBoolean,
  expectInteger,
  expectNonEmptyString,
  expectNumber,
  expectOneOf,
  expectRecord,
  expectString,
  expectStringArray,
  get,
  has,
  type Issues,
  isRecord,
  type NumberRange,
  optional,
  type RecordValue,
} from './shape.js';
