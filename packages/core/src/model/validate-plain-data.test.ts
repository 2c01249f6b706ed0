import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ValidationIssue } from '../errors/errors.js';
import { runSteps } from '../internal/time-slice.js';
import { configWithAnyValue, Settings, withValue } from './any-config.test-helper.js';
import { plainDataSteps } from './plain-data.js';
import { flag, issuesOf } from './validate-test-helpers.js';

class Tags extends Array<string> {}

function sparse(): unknown[] {
  const tags = ['a', 'b', 'c'];
  delete tags[1];
  return tags;
}

describe('a configuration that is not plain JSON data is refused with the path of what JSON cannot hold', () => {
  it.each<[string, () => unknown, string, string]>([
    [
      'an array carrying a named property',
      () => Object.assign(['a'], { extra: 1 }),
      'flags[1].variations.on.extra',
      'is a named property of an array, which JSON drops',
    ],
    [
      'an array carrying a function-valued property',
      () => Object.assign(['a'], { toJSON: () => 'x' }),
      'flags[1].variations.on.toJSON',
      'is a named property of an array, which JSON drops',
    ],
    [
      'a sparse array',
      sparse,
      'flags[1].variations.on[1]',
      'is a hole in a sparse array, which JSON cannot hold',
    ],
    [
      'undefined in an object',
      () => ({ a: undefined }),
      'flags[1].variations.on.a',
      'must be JSON data, got undefined',
    ],
    [
      'undefined in an array',
      () => [1, undefined],
      'flags[1].variations.on[1]',
      'must be JSON data, got undefined',
    ],
    ['a function', () => ({ f() {} }), 'flags[1].variations.on.f', 'must be JSON data, got a function'],
    ['a symbol', () => [Symbol('s')], 'flags[1].variations.on[0]', 'must be JSON data, got a symbol'],
    ['a BigInt', () => ({ n: 10n }), 'flags[1].variations.on.n', 'must be JSON data, got a bigint'],
    [
      'a Date',
      () => ({ at: new Date(0) }),
      'flags[1].variations.on.at',
      'must be a plain object, got a Date',
    ],
    ['a Map', () => new Map([['a', 1]]), 'flags[1].variations.on', 'must be a plain object, got a Map'],
    ['a Set', () => new Set([1]), 'flags[1].variations.on', 'must be a plain object, got a Set'],
    ['a RegExp', () => [/x/], 'flags[1].variations.on[0]', 'must be a plain object, got a RegExp'],
    [
      'a typed array',
      () => new Uint8Array(2),
      'flags[1].variations.on',
      'must be a plain object, got a Uint8Array',
    ],
    [
      'a boxed string',
      () => ({ s: Object('x') }),
      'flags[1].variations.on.s',
      'must be a plain object, got a String',
    ],
    [
      'a class instance',
      () => new Settings(),
      'flags[1].variations.on',
      'must be a plain object, got an instance of Settings',
    ],
    [
      'an object with a custom prototype',
      () => Object.create({ inherited: true }),
      'flags[1].variations.on',
      'must be a plain object, got an object with a custom prototype',
    ],
    [
      'an array of a subclass',
      () => Tags.from(['a']),
      'flags[1].variations.on',
      'must be a plain array, got an instance of Tags',
    ],
    ['NaN', () => [Number.NaN], 'flags[1].variations.on[0]', 'must be a finite number, got NaN'],
    [
      'Infinity',
      () => ({ x: -Infinity }),
      'flags[1].variations.on.x',
      'must be a finite number, got -Infinity',
    ],
    ['-0', () => ({ x: -0 }), 'flags[1].variations.on.x', 'must not be -0, which JSON writes as 0'],
    [
      'a getter',
      () => Object.defineProperty({}, 'x', { get: () => 1, enumerable: true }),
      'flags[1].variations.on.x',
      'is an accessor (get/set), not a data property',
    ],
    [
      'a getter on an array element',
      () => Object.defineProperty([0], 0, { get: () => 1, enumerable: true }),
      'flags[1].variations.on[0]',
      'is an accessor (get/set), not a data property',
    ],
    [
      'a property that is not enumerable',
      () => Object.defineProperty({}, 'hidden', { value: 1, enumerable: false }),
      'flags[1].variations.on.hidden',
      'is not enumerable, so JSON would drop it',
    ],
    [
      'a property keyed by a symbol',
      () => ({ [Symbol('id')]: 1 }),
      'flags[1].variations.on[Symbol(id)]',
      'is keyed by a symbol, which JSON drops',
    ],
  ])('%s', (_name, make, path, message) => {
    expect(issuesOf(withValue(make()))).toEqual([{ path, message }]);
  });

  it('checks every part of the configuration, not only JSON variation values', () => {
    const tags = Object.assign(['checkout'], { owner: 'payments' });
    expect(issuesOf({ flags: [flag({ tags })] })).toEqual([
      { path: 'flags[0].tags.owner', message: 'is a named property of an array, which JSON drops' },
    ]);
    expect(issuesOf({ flags: [flag({ description: undefined })] })).toEqual([
      { path: 'flags[0].description', message: 'must be JSON data, got undefined' },
    ]);
    const weights = [
      { variation: 'on', weight: 5000 },
      { variation: 'off', weight: 5000 },
    ];
    expect(issuesOf({ flags: [flag({ fallthrough: { split: { weights, coverage: -0 } } })] })).toEqual([
      { path: 'flags[0].fallthrough.split.coverage', message: 'must not be -0, which JSON writes as 0' },
    ]);
    expect(issuesOf({ flags: new Set() })).toEqual([
      { path: 'flags', message: 'must be a plain object, got a Set' },
    ]);
    expect(issuesOf(Object.defineProperty({ flags: [] }, 'segments', { get: () => [] }))).toEqual([
      { path: 'segments', message: 'is an accessor (get/set), not a data property' },
    ]);
  });

  it('a cycle anywhere is named where it closes', () => {
    const rule: Record<string, unknown> = { variation: 'on' };
    const rules = [rule];
    rule.conditions = rules;
    expect(issuesOf({ flags: [flag({ rules })] })).toEqual([
      { path: 'flags[0].rules[0].conditions', message: 'contains itself (a cycle), which JSON cannot hold' },
    ]);
  });

  it('a sparse array of enormous length is reported at once, without walking its length', () => {
    const huge: unknown[] = [];
    huge.length = 2 ** 32 - 1;
    expect(issuesOf(withValue(huge))).toEqual([
      { path: 'flags[1].variations.on[0]', message: 'is a hole in a sparse array, which JSON cannot hold' },
    ]);
  });

  it('data that JSON would write out as more values than the limit is refused, even when shared', () => {
    let shared: unknown = { leaf: true };
    for (let i = 0; i < 60; i++) shared = { left: shared, right: shared };
    const issues: ValidationIssue[] = [];
    // At the real limit (MAX_DATA_VALUES, 10,000,000) this takes seconds; the rule is the same.
    runSteps(plainDataSteps(withValue(shared), issues, { maxValues: 1000 }));
    expect(issues).toEqual([
      {
        path: '$',
        message:
          'holds more than 1000 values as JSON writes them (an object referred to twice is written twice)',
      },
    ]);
  });

  it('nesting deeper than 100 levels is refused without overflowing the stack', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = { d: deep };
    const [issue] = issuesOf({ flags: [flag({ metadata: deep })] });
    expect(issue?.message).toBe('nests deeper than 100 levels');
  });
});

describe('plain JSON data in every form JavaScript gives it is accepted', () => {
  it('objects without a prototype, objects and arrays of another realm, frozen data, shared values', () => {
    const bare = Object.assign(Object.create(null) as object, { color: 'blue' });
    const foreign = runInNewContext('({ list: [1, 2, { deep: true }], name: "x" })') as unknown;
    const shared = { size: 2 };
    const frozen = Object.freeze({ list: Object.freeze([1, shared, shared]) });
    expect(issuesOf(withValue([bare, foreign, frozen]))).toEqual([]);
    expect(issuesOf(runInNewContext(`({ flags: [${JSON.stringify(flag())}] })`))).toEqual([]);
  });

  it('a "__proto__" key parsed from JSON is an own property like any other', () => {
    const value = JSON.parse('{"__proto__": {"a": 1}, "b": [1]}') as unknown;
    expect(issuesOf(withValue(value))).toEqual([]);
  });
});

describe('any configuration the validator accepts is plain JSON data (property)', () => {
  it('survives structuredClone and a JSON round trip unchanged', () => {
    let accepted = 0;
    fc.assert(
      fc.property(configWithAnyValue, (config) => {
        if (issuesOf(config).length > 0) return;
        accepted++;
        expect(structuredClone(config)).toEqual(config);
        expect(JSON.parse(JSON.stringify(config))).toEqual(config);
      }),
      { numRuns: 2000 },
    );
    // The property says something only if many inputs pass.
    expect(accepted).toBeGreaterThan(200);
  });
});

describe('what JSON.parse made is checked the quick way, with the same outcome', () => {
  it('any JSON text, as parsed, has the same issues either way (property)', () => {
    const deep = fc.integer({ min: 95, max: 105 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth));
    const text = fc.oneof(
      fc.jsonValue({ maxDepth: 6 }).map((value) => JSON.stringify(value)),
      deep,
      fc.constant('[-0, {"a": -0}]'),
    );
    fc.assert(
      fc.property(text, (json) => {
        const value: unknown = JSON.parse(json);
        const full: ValidationIssue[] = [];
        const quick: ValidationIssue[] = [];
        runSteps(plainDataSteps(value, full));
        runSteps(plainDataSteps(value, quick, { parsedJson: true }));
        expect(quick).toEqual(full);
      }),
    );
  });
});
