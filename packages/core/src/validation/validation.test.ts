import { describe, expect, it } from 'vitest';
import {
  childPath,
  describeValue,
  expectInteger,
  expectNumber,
  formatIssues,
  IssueList,
  type Issues,
} from './index.js';

/** Issues as the checks list them, from [path, message] pairs. */
const at = (pairs: Array<[string, string]>): Issues => pairs.map(([path, message]) => ({ path, message }));

describe('one wording for shape checks in every package', () => {
  it('describes a value the same way whoever reports it', () => {
    expect(describeValue(undefined)).toBe('nothing');
    expect(describeValue(null)).toBe('null');
    expect(describeValue([1])).toBe('an array');
    expect(describeValue({})).toBe('an object');
    expect(describeValue(5)).toBe('5');
    expect(describeValue(false)).toBe('false');
    expect(describeValue('x')).toBe('the string "x"');
    expect(describeValue('y'.repeat(100))).toBe(`the string "${'y'.repeat(60)}…"`);
    expect(describeValue(() => 1)).toBe('a function');
  });

  it('names a number rule by its bounds', () => {
    const issues: Issues = [];
    expectNumber(7, { min: 0, max: 5 }, 'a', issues);
    expectNumber(0, { min: 0, minExclusive: true }, 'b', issues);
    expectNumber(1, { min: 0, max: 1, maxExclusive: true }, 'c', issues);
    expectNumber(Number.NaN, {}, 'd', issues);
    expectNumber(0.5, { min: 1, integer: true }, 'e', issues);
    expectInteger('3', 0, 3, 'f', issues);
    expect(issues).toEqual(
      at([
        ['a', 'must be a number from 0 to 5, got 7'],
        ['b', 'must be a number above 0, got 0'],
        ['c', 'must be a number at least 0 and below 1, got 1'],
        ['d', 'must be a finite number, got NaN'],
        ['e', 'must be an integer at least 1, got 0.5'],
        ['f', 'must be an integer from 0 to 3, got the string "3"'],
      ]),
    );
  });

  it('an IssueList returns what fits and lists, with its path, what does not', () => {
    const issues = new IssueList();
    const doc = JSON.parse('{"name":"","kind":"b","on":1,"list":{},"__proto__":{},"two words":1}');
    const record = issues.object(doc, '');
    expect(record).toBe(doc);
    expect(issues.string(record?.name, 'name')).toBeUndefined();
    expect(issues.string(record?.missing, 'missing')).toBeUndefined();
    expect(issues.oneOf(record?.kind, 'kind', ['a', 'c'])).toBeUndefined();
    expect(issues.oneOf('a', 'kind', ['a', 'c'])).toBe('a');
    expect(issues.boolean(record?.on, 'on')).toBeUndefined();
    expect(issues.array(record?.list, 'list')).toBeUndefined();
    expect(issues.number(3, 'n', { min: 0 })).toBe(3);
    issues.knownKeys(doc, ['name', 'kind', 'on', 'list'], '');
    expect(issues.list).toEqual(
      at([
        ['name', 'must be a non-empty string, got the string ""'],
        ['missing', 'is required'],
        ['kind', 'must be one of a, c, got the string "b"'],
        ['on', 'must be true or false, got 1'],
        ['list', 'must be an array, got an object'],
        ['__proto__', 'unknown property; allowed: name, kind, on, list'],
        ['["two words"]', 'unknown property; allowed: name, kind, on, list'],
      ]),
    );
  });

  it('builds paths that read back as JavaScript', () => {
    expect(childPath('', 'flags')).toBe('flags');
    expect(childPath('flags[0]', 'key')).toBe('flags[0].key');
    expect(childPath('variations', 'two words')).toBe('variations["two words"]');
  });

  it("lists a refused document's issues in one message, at most 20 of them", () => {
    const issues = Array.from({ length: 22 }, (_, i) => ({ path: `a[${i}]`, message: 'must be x' }));
    expect(formatIssues('invalid thing', issues.slice(0, 2))).toBe(
      'invalid thing: a[0]: must be x; a[1]: must be x',
    );
    expect(formatIssues('invalid thing', issues)).toMatch(/a\[19\]: must be x; …and 2 more$/);
  });
});
