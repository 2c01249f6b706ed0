import type { ValidationIssue } from '../errors/errors.js';
import type { Operator } from '../model/types.js';
import {
  checkKnownKeys,
  childPath,
  describeValue,
  expectArray,
  expectBoolean,
  expectNonEmptyString,
  expectRecord,
  get,
  indexPath,
  optional,
  quote,
} from '../validation/index.js';
import { parseCidr } from './cidr.js';
import { toEpochMillis } from './dates.js';
import {
  CASE_INSENSITIVE_OPERATORS,
  isOperator,
  OPERAND_KINDS,
  OPERATORS,
  type OperandKind,
} from './operators.js';
import { parseSemver } from './semver.js';

/** The properties a condition may have; the JSON Schema lists the same. */
export const CONDITION_KEYS = ['attribute', 'op', 'values', 'negate', 'caseInsensitive'] as const;

/**
 * Checks the shape and operands of one condition, pushing an issue (with its JSON path) for each
 * problem: an unknown property or operator, a wrong operand type, an operand that does not parse
 * (semver, date, CIDR), or missing values for an operator that needs them.
 */
export function checkCondition(value: unknown, path: string, issues: ValidationIssue[]): void {
  if (!expectRecord(value, path, issues)) return;
  checkKnownKeys(value, CONDITION_KEYS, path, issues);

  expectNonEmptyString(get(value, 'attribute'), childPath(path, 'attribute'), issues);
  optional(value, 'negate', path, issues, expectBoolean);
  optional(value, 'caseInsensitive', path, issues, expectBoolean);

  const op = get(value, 'op');
  const opPath = childPath(path, 'op');
  if (!isOperator(op)) {
    const known = OPERATORS.join(', ');
    const message =
      op === undefined
        ? `is required; known operators: ${known}`
        : typeof op === 'string'
          ? `unknown operator ${quote(op)}; known operators: ${known}`
          : `must be an operator name, got ${describeValue(op)}; known operators: ${known}`;
    issues.push({ path: opPath, message });
    return;
  }

  if (get(value, 'caseInsensitive') === true && !CASE_INSENSITIVE_OPERATORS.includes(op)) {
    issues.push({
      path: childPath(path, 'caseInsensitive'),
      message: `has no effect on ${op}; it applies to ${CASE_INSENSITIVE_OPERATORS.join(', ')}`,
    });
  }
  checkValues(op, get(value, 'values'), childPath(path, 'values'), issues);
}

function checkValues(op: Operator, values: unknown, path: string, issues: ValidationIssue[]): void {
  const kind = OPERAND_KINDS[op];
  if (kind === 'none') {
    // exists takes no operands; any given are ignored but must still be well-formed.
    if (values !== undefined && expectArray(values, path, issues)) {
      for (let i = 0; i < values.length; i++) checkOperand('text', values[i], indexPath(path, i), issues);
    }
    return;
  }
  if (values === undefined) {
    issues.push({ path, message: `is required for ${op}: a non-empty array of ${KIND_NAMES[kind]}` });
    return;
  }
  if (!expectArray(values, path, issues)) return;
  if (values.length === 0) {
    issues.push({ path, message: `must not be empty for ${op}: give at least one of ${KIND_NAMES[kind]}` });
    return;
  }
  for (let i = 0; i < values.length; i++) checkOperand(kind, values[i], indexPath(path, i), issues);
}

const KIND_NAMES: Readonly<Record<OperandKind, string>> = {
  text: 'strings or numbers',
  string: 'strings',
  number: 'finite numbers',
  semver: 'semantic versions such as "1.4.0"',
  date: 'ISO-8601 dates (such as "2025-06-01T00:00:00Z") or epoch milliseconds',
  cidr: 'CIDR ranges or addresses such as "10.0.0.0/8" or "2001:db8::/32"',
  none: 'nothing',
};

function checkOperand(kind: OperandKind, item: unknown, path: string, issues: ValidationIssue[]): void {
  const fail = (expected: string): void => {
    issues.push({ path, message: `must be ${expected}, got ${describeValue(item)}` });
  };
  switch (kind) {
    case 'text':
    case 'none':
      if (typeof item !== 'string' && !isFiniteNumber(item)) fail('a string or a finite number');
      return;
    case 'string':
      if (typeof item !== 'string') fail('a string');
      return;
    case 'number':
      if (!isFiniteNumber(item)) fail('a finite number');
      return;
    case 'semver':
      if (typeof item !== 'string' || parseSemver(item) === undefined) {
        fail('a semantic version such as "1.4.0" or "2.0.0-beta.1"');
      }
      return;
    case 'date':
      if ((typeof item !== 'string' && !isFiniteNumber(item)) || toEpochMillis(item) === undefined) {
        fail('an ISO-8601 date such as "2025-06-01" or "2025-06-01T09:00:00Z", or epoch milliseconds');
      }
      return;
    case 'cidr':
      if (typeof item !== 'string' || parseCidr(item) === undefined) {
        fail('a CIDR range or address such as "10.0.0.0/8", "192.168.1.7" or "2001:db8::/32"');
      }
      return;
  }
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
