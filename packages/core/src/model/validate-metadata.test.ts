import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { flag, issuesOf, onlyIssue } from './validate-test-helpers.js';

const withMetadata = (metadata: unknown) => ({ flags: [flag(), flag({ key: 'g', metadata })] });

describe('flag metadata is an object of strings, finite numbers and booleans', () => {
  it('accepts free-form names with string, number and boolean values', () => {
    const metadata = { owner: 'team-payments', ticket: 'PAY-142', priority: 2, ratio: 0.5, live: false };
    expect(issuesOf(withMetadata(metadata))).toEqual([]);
    expect(issuesOf(withMetadata({}))).toEqual([]);
  });

  it('accepts every such object (property)', () => {
    // -0 is not JSON data: JSON writes it as 0 (validate-plain-data.test.ts).
    const finite = fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Object.is(x, -0));
    const value = fc.oneof(fc.string(), finite, fc.boolean());
    fc.assert(
      fc.property(fc.dictionary(fc.string(), value), (metadata) => {
        expect(issuesOf(withMetadata(metadata))).toEqual([]);
      }),
    );
  });

  it.each([
    ['null', null, 'must be a string, number or boolean, got null'],
    ['an object', { team: 'payments' }, 'must be a string, number or boolean, got an object'],
    ['an array', ['a', 'b'], 'must be a string, number or boolean, got an array'],
    ['NaN', Number.NaN, 'must be a finite number, got NaN'],
    ['Infinity', Number.POSITIVE_INFINITY, 'must be a finite number, got Infinity'],
  ])('a value that is %s is named by its path', (_name, value, message) => {
    expect(onlyIssue(flag(), flag({ key: 'g', metadata: { owner: value } }))).toEqual({
      path: 'flags[1].metadata.owner',
      message,
    });
  });

  it('reports every bad value, quoting names that are not identifiers', () => {
    expect(issuesOf(withMetadata({ ok: 1, 'cost centre': null, expires: [] }))).toEqual([
      { path: 'flags[1].metadata["cost centre"]', message: 'must be a string, number or boolean, got null' },
      { path: 'flags[1].metadata.expires', message: 'must be a string, number or boolean, got an array' },
    ]);
  });

  it.each([
    ['an array', ['owner'], 'must be an object, got an array'],
    ['a string', 'team-payments', 'must be an object, got the string "team-payments"'],
    ['null', null, 'must be an object, got null'],
  ])('metadata that is %s is rejected', (_name, metadata, message) => {
    expect(onlyIssue(flag({ metadata }))).toEqual({ path: 'flags[0].metadata', message });
  });

  it('a __proto__ name is an own property checked like any other', () => {
    const metadata: unknown = JSON.parse('{"__proto__": {"owner": "x"}}');
    expect(onlyIssue(flag({ metadata }))).toEqual({
      path: 'flags[0].metadata.__proto__',
      message: 'must be a string, number or boolean, got an object',
    });
  });
});
