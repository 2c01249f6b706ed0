import { describe, expect, it } from 'vitest';
import { InvalidConfigError, isInvalidConfigError } from '../errors/errors.js';
import type { FlagDefinition, FlagsConfig } from './types.js';
import { validateConfig } from './validate.js';
import { flag, issuesOf, onlyIssue, pathsOf } from './validate-test-helpers.js';

/** A realistic configuration: a kill switch, a targeted string flag, a canary, a layered experiment. */
function realistic(): FlagsConfig {
  return {
    $schema: './node_modules/@rampkit/core/schema/flags.schema.json',
    segments: [
      {
        key: 'staff',
        included: ['u-1', 'u-2'],
        conditions: [{ attribute: 'email', op: 'endsWith', values: ['@acme.io'] }],
      },
      {
        key: 'eu',
        conditions: [{ attribute: 'country', op: 'in', values: ['FR', 'DE', 'ES'] }],
        excluded: ['u-9'],
      },
    ],
    flags: [
      {
        key: 'new-checkout',
        description: 'The redesigned checkout',
        tags: ['checkout'],
        variations: { on: true, off: false },
        offVariation: 'off',
        rules: [
          { id: 'staff', segments: ['staff'], variation: 'on' },
          {
            id: 'eu-mobile',
            segments: ['eu'],
            conditions: [
              { attribute: 'appVersion', op: 'semverGte', values: ['4.2.0'] },
              { attribute: 'ip', op: 'cidr', values: ['10.0.0.0/8'], negate: true },
            ],
            split: {
              weights: [
                { variation: 'on', weight: 2500 },
                { variation: 'off', weight: 7500 },
              ],
            },
          },
        ],
        fallthrough: { variation: 'off' },
      },
      {
        key: 'api-canary',
        kind: 'canary',
        type: 'string',
        variations: { canary: 'v2', stable: 'v1' },
        offVariation: 'stable',
        fallbackVariation: 'stable',
        bucketBy: 'sessionId',
        salt: 'api-canary-2025',
        version: 7,
        track: true,
        fallthrough: {
          split: {
            weights: [
              { variation: 'canary', weight: 500 },
              { variation: 'stable', weight: 9500 },
            ],
          },
        },
      },
      {
        key: 'pricing-test',
        kind: 'experiment',
        enabled: true,
        variations: { control: { price: 10 }, higher: { price: 12 } },
        type: 'json',
        offVariation: 'control',
        prerequisites: [{ flag: 'new-checkout', variations: ['on'] }],
        fallthrough: {
          split: {
            weights: [
              { variation: 'control', weight: 5000 },
              { variation: 'higher', weight: 5000 },
            ],
            coverage: 2000,
            layer: { key: 'checkout-experiments', range: [0, 5000] },
          },
        },
      },
      {
        key: 'shipping-test',
        variations: { a: 1, b: 2 },
        offVariation: 'a',
        fallthrough: {
          split: {
            weights: [
              { variation: 'a', weight: 5000 },
              { variation: 'b', weight: 5000 },
            ],
            layer: { key: 'checkout-experiments', range: [5000, 10000] },
            bucketBy: 'accountId',
            salt: 'ship',
          },
        },
      },
    ],
  };
}

describe('a valid configuration is accepted as it is', () => {
  it('returns the very input, unchanged', () => {
    const config = realistic();
    const snapshot = structuredClone(config);
    expect(validateConfig(config)).toBe(config);
    expect(config).toEqual(snapshot);
  });

  it('accepts an empty flag list and frozen input', () => {
    expect(validateConfig({ flags: [] })).toEqual({ flags: [] });
    const frozen = Object.freeze({ flags: Object.freeze([Object.freeze(flag())]) });
    expect(validateConfig(frozen)).toBe(frozen);
  });

  it('accepts the configuration parsed from JSON', () => {
    const parsed: unknown = JSON.parse(JSON.stringify(realistic()));
    expect(() => validateConfig(parsed)).not.toThrow();
  });
});

describe('an invalid configuration is rejected with one error listing every issue', () => {
  it('throws InvalidConfigError with code RAMPKIT_INVALID_CONFIG and the issues', () => {
    const input = { flags: [flag({ offVariation: 'nope' }), flag({ key: 'g', enabled: 'yes' })] };
    let thrown: unknown;
    try {
      validateConfig(input, 'flags.json');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidConfigError);
    expect(isInvalidConfigError(thrown)).toBe(true);
    const error = thrown as InvalidConfigError;
    expect(error.code).toBe('RAMPKIT_INVALID_CONFIG');
    expect(error.issues.map((issue) => issue.path)).toEqual(['flags[0].offVariation', 'flags[1].enabled']);
    expect(error.message).toContain('invalid configuration in flags.json');
    expect(error.message).toContain(
      'flags[0].offVariation: this flag has no variation "nope"; expected one of "on", "off"',
    );
  });

  it('names the path and the sum in the documented example', () => {
    const split = {
      weights: [
        { variation: 'on', weight: 4500 },
        { variation: 'off', weight: 4500 },
      ],
    };
    const input = {
      flags: [flag(), flag({ key: 'b' }), flag({ key: 'c' }), flag({ key: 'd', rules: [{ split }] })],
    };
    expect(issuesOf(input)).toEqual([
      { path: 'flags[3].rules[0].split.weights', message: 'must sum to 10000, got 9000' },
    ]);
  });
});

describe('the top level', () => {
  it('must be an object', () => {
    for (const input of [null, undefined, 'flags', 42, [], [flag()]]) expect(pathsOf(input)).toEqual(['$']);
  });

  it('needs a flags array', () => {
    expect(pathsOf({})).toEqual(['flags']);
    expect(pathsOf({ flags: {} })).toEqual(['flags']);
  });

  it('reports unknown properties, naming the allowed ones', () => {
    expect(issuesOf({ flags: [], flag: [] })).toEqual([
      { path: 'flag', message: 'unknown property; allowed: $schema, flags, segments' },
    ]);
  });

  it('checks $schema and segments types', () => {
    expect(pathsOf({ flags: [], $schema: 1, segments: {} })).toEqual(['$schema', 'segments']);
  });
});

describe('flag keys', () => {
  it('must be non-empty strings', () => {
    expect(onlyIssue(flag({ key: '' })).path).toBe('flags[0].key');
    expect(onlyIssue(flag({ key: 3 })).path).toBe('flags[0].key');
  });

  it('must be unique', () => {
    expect(onlyIssue(flag(), flag({ key: 'g' }), flag())).toEqual({
      path: 'flags[2].key',
      message: 'duplicate flag key "f", first at flags[0]',
    });
  });

  it('flags must be objects', () => {
    expect(pathsOf({ flags: [flag(), null, ['f']] })).toEqual(['flags[1]', 'flags[2]']);
  });

  it('flag properties are known', () => {
    expect(onlyIssue(flag({ offvariation: 'off' }))).toEqual({
      path: 'flags[0].offvariation',
      message: expect.stringContaining(
        'unknown property; allowed: key, enabled, type, variations, offVariation',
      ),
    });
  });

  it('required properties are present', () => {
    const { variations: _v, offVariation: _o, fallthrough: _f, ...rest } = flag();
    expect(pathsOf({ flags: [rest] })).toEqual([
      'flags[0].variations',
      'flags[0].offVariation',
      'flags[0].fallthrough',
    ]);
  });
});

describe('variations and type', () => {
  it('variations must be a non-empty object', () => {
    expect(pathsOf({ flags: [flag({ variations: {} })] })).toEqual(['flags[0].variations']);
    expect(pathsOf({ flags: [flag({ variations: [true, false] })] })).toEqual(['flags[0].variations']);
  });

  it('infers boolean, string and number types', () => {
    expect(issuesOf({ flags: [flag({ variations: { on: 'a', off: 'b' } })] })).toEqual([]);
    expect(issuesOf({ flags: [flag({ variations: { on: 1, off: 2.5 } })] })).toEqual([]);
  });

  it('requires type json for mixed or structured values', () => {
    expect(onlyIssue(flag({ variations: { on: true, off: 'no' } })).path).toBe('flags[0].type');
    expect(onlyIssue(flag({ variations: { on: { a: 1 }, off: null } })).path).toBe('flags[0].type');
    expect(issuesOf({ flags: [flag({ type: 'json', variations: { on: { a: [1] }, off: null } })] })).toEqual(
      [],
    );
  });

  it('checks each value against a declared type', () => {
    expect(onlyIssue(flag({ type: 'boolean', variations: { on: true, off: 0 } }))).toEqual({
      path: 'flags[0].variations.off',
      message: "must be a boolean like the flag's type, got 0",
    });
    expect(onlyIssue(flag({ type: 'number', variations: { on: 1, off: Number.NaN } })).path).toBe(
      'flags[0].variations.off',
    );
  });

  it('rejects an unknown type', () => {
    expect(onlyIssue(flag({ type: 'bool' })).path).toBe('flags[0].type');
  });

  it('rejects json values JSON cannot hold', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const values = {
      on: cyclic,
      off: { when: new Date(0), f: () => 1, n: Number.POSITIVE_INFINITY, u: undefined },
    };
    expect(pathsOf({ flags: [flag({ type: 'json', variations: values })] })).toEqual([
      'flags[0].variations.on.self',
      'flags[0].variations.off.when',
      'flags[0].variations.off.f',
      'flags[0].variations.off.n',
      'flags[0].variations.off.u',
    ]);
  });

  it('quotes variation names that are not identifiers in paths', () => {
    expect(
      onlyIssue(flag({ type: 'boolean', variations: { on: true, off: false, 'two words': 1 } })).path,
    ).toBe('flags[0].variations["two words"]');
  });

  it('rejects an empty variation name', () => {
    expect(onlyIssue(flag({ variations: { on: true, off: false, '': true } })).path).toBe(
      'flags[0].variations[""]',
    );
  });
});

describe('other flag properties', () => {
  it.each([
    ['enabled', 'yes'],
    ['salt', 5],
    ['bucketBy', ''],
    ['track', 1],
    ['kind', 'rollout'],
    ['version', 0],
    ['version', 1.5],
    ['description', ['x']],
    ['tags', 'a,b'],
  ])('%s: %j is rejected', (property, value) => {
    expect(onlyIssue(flag({ [property]: value })).path).toBe(`flags[0].${property}`);
  });

  it('tags are strings', () => {
    expect(onlyIssue(flag({ tags: ['a', 2] })).path).toBe('flags[0].tags[1]');
  });
});

describe('typing', () => {
  it('returns the input typed as FlagsConfig', () => {
    const config: FlagsConfig = validateConfig(JSON.parse('{"flags": []}'));
    const flags: FlagDefinition[] = config.flags;
    expect(flags).toEqual([]);
  });
});
