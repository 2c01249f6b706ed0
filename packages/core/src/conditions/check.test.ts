import { describe, expect, it } from 'vitest';
import type { ValidationIssue } from '../errors/errors.js';
import { checkCondition } from './check.js';
import { OPERATORS } from './operators.js';

function issuesOf(condition: unknown): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  checkCondition(condition, 'c', issues);
  return issues;
}

function paths(condition: unknown): string[] {
  return issuesOf(condition).map((issue) => issue.path);
}

const wellFormed = [
  { attribute: 'country', op: 'in', values: ['FR', 2] },
  { attribute: 'country', op: 'notIn', values: ['FR'], negate: true, caseInsensitive: true },
  { attribute: 'email', op: 'contains', values: ['@'] },
  { attribute: 'email', op: 'startsWith', values: ['a'], caseInsensitive: false },
  { attribute: 'email', op: 'endsWith', values: ['.com', '.org'] },
  { attribute: 'age', op: 'eq', values: [1.5] },
  { attribute: 'age', op: 'lt', values: [-3] },
  { attribute: 'age', op: 'lte', values: [0] },
  { attribute: 'age', op: 'gt', values: [1e9] },
  { attribute: 'age', op: 'gte', values: [18] },
  { attribute: 'v', op: 'semverEq', values: ['1.2.3'] },
  { attribute: 'v', op: 'semverLt', values: ['v2.0.0-rc.1'] },
  { attribute: 'v', op: 'semverLte', values: ['2'] },
  { attribute: 'v', op: 'semverGt', values: ['1.0.0+build'] },
  { attribute: 'v', op: 'semverGte', values: ['1.4'] },
  { attribute: 'at', op: 'before', values: ['2025-06-01T00:00:00Z'] },
  { attribute: 'at', op: 'after', values: [1_748_736_000_000, '2025-06-01'] },
  { attribute: 'plan', op: 'exists' },
  { attribute: 'plan', op: 'exists', values: [] },
  { attribute: 'ip', op: 'cidr', values: ['10.0.0.0/8', '2001:db8::/32', '192.168.1.7'] },
];

describe('checkCondition accepts well-formed conditions of every operator', () => {
  it.each(wellFormed)('$op', (condition) => {
    expect(issuesOf(condition)).toEqual([]);
  });

  it('has an example above for every operator', () => {
    expect(new Set(wellFormed.map((condition) => condition.op))).toEqual(new Set(OPERATORS));
  });
});

describe('checkCondition reports each problem at its path', () => {
  it('an unknown operator, listing the known ones', () => {
    const [issue, ...rest] = issuesOf({ attribute: 'a', op: 'matches', values: ['x'] });
    expect(rest).toEqual([]);
    expect(issue?.path).toBe('c.op');
    expect(issue?.message).toContain('unknown operator "matches"');
    for (const op of OPERATORS) expect(issue?.message).toContain(op);
  });

  it('an operator that is missing or not a string', () => {
    expect(paths({ attribute: 'a', values: ['x'] })).toEqual(['c.op']);
    expect(paths({ attribute: 'a', op: 3, values: ['x'] })).toEqual(['c.op']);
  });

  it('an operator name inherited from Object.prototype is still unknown', () => {
    expect(paths({ attribute: 'a', op: 'toString', values: ['x'] })).toEqual(['c.op']);
    expect(paths({ attribute: 'a', op: '__proto__', values: ['x'] })).toEqual(['c.op']);
  });

  it('a missing or empty attribute', () => {
    expect(paths({ op: 'exists' })).toEqual(['c.attribute']);
    expect(paths({ attribute: '', op: 'exists' })).toEqual(['c.attribute']);
    expect(paths({ attribute: 7, op: 'exists' })).toEqual(['c.attribute']);
  });

  it('an unknown property, naming the allowed ones', () => {
    const issues = issuesOf({ attribute: 'a', op: 'in', values: ['x'], value: 'x' });
    expect(issues).toEqual([
      {
        path: 'c.value',
        message: 'unknown property; allowed: attribute, op, values, negate, caseInsensitive',
      },
    ]);
  });

  it('a condition that is not an object', () => {
    for (const value of [null, 'in', 3, ['a', 'in', 'x']]) expect(paths(value)).toEqual(['c']);
  });

  it('missing or empty values for operators that need them', () => {
    expect(issuesOf({ attribute: 'a', op: 'in' })[0]?.message).toContain('is required for in');
    expect(paths({ attribute: 'a', op: 'in' })).toEqual(['c.values']);
    expect(paths({ attribute: 'a', op: 'gt', values: [] })).toEqual(['c.values']);
    expect(paths({ attribute: 'a', op: 'cidr', values: 'x' })).toEqual(['c.values']);
  });

  it('wrong operand types', () => {
    expect(paths({ attribute: 'a', op: 'in', values: ['x', true, null, { a: 1 }] })).toEqual([
      'c.values[1]',
      'c.values[2]',
      'c.values[3]',
    ]);
    expect(paths({ attribute: 'a', op: 'contains', values: [5] })).toEqual(['c.values[0]']);
    expect(paths({ attribute: 'a', op: 'gte', values: ['18'] })).toEqual(['c.values[0]']);
    expect(paths({ attribute: 'a', op: 'lt', values: [Number.NaN, Number.POSITIVE_INFINITY] })).toEqual([
      'c.values[0]',
      'c.values[1]',
    ]);
    expect(paths({ attribute: 'a', op: 'exists', values: [{}] })).toEqual(['c.values[0]']);
  });

  it('operands that do not parse as semver, dates or CIDR ranges', () => {
    expect(paths({ attribute: 'a', op: 'semverGt', values: ['1.0.0', 'latest', 1] })).toEqual([
      'c.values[1]',
      'c.values[2]',
    ]);
    expect(paths({ attribute: 'a', op: 'before', values: ['2025-02-30', 'tomorrow', Number.NaN] })).toEqual([
      'c.values[0]',
      'c.values[1]',
      'c.values[2]',
    ]);
    expect(paths({ attribute: 'a', op: 'cidr', values: ['10.0.0.0/33', '10.0.0', 'fe80::/129'] })).toEqual([
      'c.values[0]',
      'c.values[1]',
      'c.values[2]',
    ]);
    expect(issuesOf({ attribute: 'a', op: 'cidr', values: ['nope'] })[0]?.message).toBe(
      'must be a CIDR range or address such as "10.0.0.0/8", "192.168.1.7" or "2001:db8::/32", got the string "nope"',
    );
  });

  it('negate and caseInsensitive that are not booleans', () => {
    expect(paths({ attribute: 'a', op: 'in', values: ['x'], negate: 'yes', caseInsensitive: 1 })).toEqual([
      'c.negate',
      'c.caseInsensitive',
    ]);
  });

  it('caseInsensitive on an operator that does not compare text', () => {
    expect(paths({ attribute: 'a', op: 'gt', values: [1], caseInsensitive: true })).toEqual([
      'c.caseInsensitive',
    ]);
    expect(paths({ attribute: 'a', op: 'gt', values: [1], caseInsensitive: false })).toEqual([]);
  });
});
