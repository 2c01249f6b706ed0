import { describe, expect, it } from 'vitest';
import { bucketOf, COVERAGE_SEED } from '../bucketing/hash.js';
import type { FlagDefinition, FlagsConfig, SegmentDefinition } from '../model/types.js';
import { compileConfig } from './compile.js';
import { evaluateFlag } from './evaluate.js';

const onOff = { on: true, off: false };

function configOf(flags: FlagDefinition[], segments: SegmentDefinition[] = []): FlagsConfig {
  return { flags, segments };
}

function evaluate(
  config: FlagsConfig,
  key: string,
  context: unknown,
  defaultValue: unknown = 'caller-default',
) {
  return evaluateFlag(compileConfig(config), key, context, defaultValue);
}

const half = {
  weights: [
    { variation: 'canary', weight: 5000 },
    { variation: 'stable', weight: 5000 },
  ],
};
const canary: FlagDefinition = {
  key: 'checkout',
  kind: 'canary',
  version: 7,
  variations: { stable: 'v1', canary: 'v2', safe: 'v0' },
  offVariation: 'stable',
  rules: [{ conditions: [{ attribute: 'country', op: 'in', values: ['NZ'] }], split: half }],
  fallthrough: { split: half },
};
const expectedArm = (salt: string, unit: string) => (bucketOf(salt, unit) < 5000 ? 'canary' : 'stable');
const users = Array.from({ length: 200 }, (_, i) => `user-${i}`);

describe('a flag that serves one variation to everyone has reason STATIC', () => {
  it('serves the fallthrough variation with the flag version', () => {
    const config = configOf([
      { key: 'banner', variations: onOff, offVariation: 'off', fallthrough: { variation: 'on' } },
    ]);
    expect(evaluate(config, 'banner', {})).toEqual({
      key: 'banner',
      value: true,
      variation: 'on',
      reason: 'STATIC',
      inExperiment: false,
      flagVersion: 1,
    });
  });

  it('is DEFAULT instead when the flag has prerequisites', () => {
    const config = configOf([
      { key: 'base', variations: onOff, offVariation: 'off', fallthrough: { variation: 'on' } },
      {
        key: 'banner',
        variations: onOff,
        offVariation: 'off',
        prerequisites: [{ flag: 'base', variations: ['on'] }],
        fallthrough: { variation: 'on' },
      },
    ]);
    expect(evaluate(config, 'banner', {})).toMatchObject({ variation: 'on', reason: 'DEFAULT' });
  });
});

describe('a matching rule serves its variation with reason TARGETING_MATCH', () => {
  const config = configOf([
    {
      key: 'theme',
      variations: { light: 'light', dark: 'dark', blue: 'blue' },
      offVariation: 'light',
      rules: [
        { conditions: [{ attribute: 'plan', op: 'in', values: ['pro'] }], variation: 'blue' },
        { conditions: [{ attribute: 'country', op: 'in', values: ['NZ'] }], variation: 'dark' },
      ],
      fallthrough: { variation: 'light' },
    },
  ]);

  it('the first rule whose conditions all hold wins, with its index', () => {
    expect(evaluate(config, 'theme', { country: 'NZ' })).toMatchObject({
      value: 'dark',
      variation: 'dark',
      reason: 'TARGETING_MATCH',
      ruleIndex: 1,
      inExperiment: false,
    });
    expect(evaluate(config, 'theme', { country: 'NZ', plan: 'pro' })).toMatchObject({
      variation: 'blue',
      ruleIndex: 0,
    });
  });

  it('no matching rule and a fixed fallthrough is DEFAULT without a rule index', () => {
    const result = evaluate(config, 'theme', { country: 'FR' });
    expect(result).toMatchObject({ variation: 'light', reason: 'DEFAULT', inExperiment: false });
    expect(result.ruleIndex).toBeUndefined();
  });
});

describe('a split places the unit with reason SPLIT', () => {
  const config = configOf([canary]);

  it('the fallthrough split serves the arm of bucketOf(flag key, unit), in the experiment', () => {
    for (const unit of users) {
      const result = evaluate(config, 'checkout', { targetingKey: unit });
      expect(result).toMatchObject({
        variation: expectedArm('checkout', unit),
        reason: 'SPLIT',
        inExperiment: true,
      });
      expect(result.ruleIndex).toBeUndefined();
    }
  });

  it('a rule split carries the rule index', () => {
    const result = evaluate(config, 'checkout', { targetingKey: 'user-1', country: 'NZ' });
    expect(result).toMatchObject({
      variation: expectedArm('checkout', 'user-1'),
      reason: 'SPLIT',
      ruleIndex: 0,
    });
  });

  it('buckets by the flag salt and bucketBy, and numeric unit ids by their decimal form', () => {
    const salted = configOf([{ ...canary, salt: 'checkout-2', bucketBy: 'accountId', rules: [] }]);
    expect(evaluate(salted, 'checkout', { accountId: 'acct-9' }).variation).toBe(
      expectedArm('checkout-2', 'acct-9'),
    );
    expect(evaluate(salted, 'checkout', { accountId: 1234 }).variation).toBe(
      expectedArm('checkout-2', '1234'),
    );
  });
});

describe('a unit without an id gets the fallback variation with reason DEFAULT', () => {
  it('at the fallthrough: offVariation when no fallbackVariation is set', () => {
    for (const context of [{}, { targetingKey: '' }, { targetingKey: Number.NaN }, { targetingKey: ['a'] }]) {
      expect(evaluate(configOf([canary]), 'checkout', context)).toMatchObject({
        value: 'v1',
        variation: 'stable',
        reason: 'DEFAULT',
        inExperiment: false,
      });
    }
  });

  it('at a rule split: fallbackVariation, with the rule index, and later rules are not tried', () => {
    const config = configOf([
      {
        ...canary,
        fallbackVariation: 'safe',
        rules: [
          ...(canary.rules ?? []),
          { conditions: [{ attribute: 'country', op: 'exists' }], variation: 'canary' },
        ],
      },
    ]);
    expect(evaluate(config, 'checkout', { country: 'NZ' })).toMatchObject({
      variation: 'safe',
      reason: 'DEFAULT',
      ruleIndex: 0,
      inExperiment: false,
    });
  });
});

describe('units outside coverage skip a rule split and get offVariation at the fallthrough', () => {
  const covered = { ...half, coverage: 2000 };
  const config = configOf([
    {
      key: 'exp',
      variations: { control: 'a', treatment: 'b', holdout: 'h', other: 'o' },
      offVariation: 'holdout',
      rules: [
        {
          conditions: [{ attribute: 'beta', op: 'exists' }],
          split: { ...covered, weights: armsOf('control', 'treatment') },
        },
      ],
      fallthrough: { split: { ...covered, weights: armsOf('control', 'treatment') } },
    },
  ]);
  const uncovered = users.filter((unit) => bucketOf('exp', unit, COVERAGE_SEED) >= 2000);

  it('an uncovered unit matching the rule falls through to the next step', () => {
    expect(uncovered.length).toBeGreaterThan(100);
    for (const unit of uncovered) {
      const result = evaluate(config, 'exp', { targetingKey: unit, beta: true });
      expect(result).toMatchObject({ variation: 'holdout', reason: 'DEFAULT', inExperiment: false });
      expect(result.ruleIndex).toBeUndefined();
    }
  });

  it('a covered unit is in the experiment', () => {
    const unit = users.find((u) => bucketOf('exp', u, COVERAGE_SEED) < 2000)!;
    const arm = bucketOf('exp', unit) < 5000 ? 'control' : 'treatment';
    expect(evaluate(config, 'exp', { targetingKey: unit, beta: true })).toMatchObject({
      variation: arm,
      reason: 'SPLIT',
      ruleIndex: 0,
      inExperiment: true,
    });
  });
});

function armsOf(first: string, second: string) {
  return [
    { variation: first, weight: 5000 },
    { variation: second, weight: 5000 },
  ];
}

describe('a disabled flag serves offVariation with reason DISABLED', () => {
  it('whatever the rules say', () => {
    const config = configOf([{ ...canary, enabled: false }]);
    expect(evaluate(config, 'checkout', { targetingKey: 'user-1', country: 'NZ' })).toEqual({
      key: 'checkout',
      value: 'v1',
      variation: 'stable',
      reason: 'DISABLED',
      inExperiment: false,
      flagVersion: 7,
    });
  });
});

describe('a failed prerequisite serves offVariation with reason DEFAULT and names the prerequisite', () => {
  const gate = (enabled: boolean): FlagDefinition => ({
    key: 'gate',
    enabled,
    variations: onOff,
    offVariation: 'on',
    rules: [{ conditions: [{ attribute: 'plan', op: 'in', values: ['pro'] }], variation: 'on' }],
    fallthrough: { variation: 'off' },
  });
  const dependent: FlagDefinition = {
    key: 'feature',
    variations: { a: 'A', b: 'B' },
    offVariation: 'a',
    prerequisites: [{ flag: 'gate', variations: ['on'] }],
    fallthrough: { variation: 'b' },
  };

  it('passes when the prerequisite serves a listed variation', () => {
    expect(evaluate(configOf([gate(true), dependent]), 'feature', { plan: 'pro' })).toMatchObject({
      variation: 'b',
      reason: 'DEFAULT',
    });
  });

  it('fails when the prerequisite serves another variation', () => {
    const result = evaluate(configOf([gate(true), dependent]), 'feature', { plan: 'free' });
    expect(result).toMatchObject({
      variation: 'a',
      value: 'A',
      reason: 'DEFAULT',
      prerequisiteFailed: 'gate',
    });
  });

  it('fails when the prerequisite is disabled, even if its offVariation is listed', () => {
    expect(evaluate(configOf([dependent, gate(false)]), 'feature', { plan: 'pro' })).toMatchObject({
      variation: 'a',
      prerequisiteFailed: 'gate',
    });
  });

  it('evaluates prerequisites of prerequisites on the same context', () => {
    const top: FlagDefinition = {
      ...dependent,
      key: 'top',
      prerequisites: [{ flag: 'feature', variations: ['b'] }],
    };
    const config = configOf([top, dependent, gate(true)]);
    expect(evaluate(config, 'top', { plan: 'pro' }).variation).toBe('b');
    expect(evaluate(config, 'top', { plan: 'free' })).toMatchObject({
      variation: 'a',
      prerequisiteFailed: 'feature',
    });
  });

  it('fails, instead of recursing forever, on a cycle or a missing flag that validation would have rejected', () => {
    const loop = (key: string, on: string): FlagDefinition => ({
      ...dependent,
      key,
      prerequisites: [{ flag: on, variations: ['b'] }],
    });
    const config = configOf([loop('x', 'y'), loop('y', 'x'), loop('z', 'missing')]);
    expect(evaluate(config, 'x', {}).reason).toBe('DEFAULT');
    expect(evaluate(config, 'y', {}).variation).toBe('a');
    expect(evaluate(config, 'z', {}).prerequisiteFailed).toBe('missing');
  });
});

describe('segments hold their included units and units matching their conditions, never excluded ones', () => {
  const config = configOf(
    [
      {
        key: 'beta-ui',
        variations: onOff,
        offVariation: 'off',
        rules: [
          { segments: ['testers', 'eu-accounts'], variation: 'on' },
          { segments: ['nobody'], variation: 'on' },
        ],
        fallthrough: { variation: 'off' },
      },
    ],
    [
      {
        key: 'testers',
        included: ['alice', 'bob'],
        excluded: ['mallory'],
        conditions: [{ attribute: 'email', op: 'endsWith', values: ['@example.com'] }],
      },
      {
        key: 'eu-accounts',
        unitAttribute: 'accountId',
        included: ['acct-1'],
        conditions: [{ attribute: 'region', op: 'in', values: ['eu'] }],
      },
      { key: 'nobody', excluded: ['alice'] },
    ],
  );
  const served = (context: Record<string, unknown>) => evaluate(config, 'beta-ui', context).variation;

  it('every referenced segment must hold', () => {
    expect(served({ targetingKey: 'alice', accountId: 'acct-1' })).toBe('on');
    expect(served({ targetingKey: 'alice', accountId: 'acct-2' })).toBe('off');
    expect(served({ targetingKey: 'carol', email: 'c@example.com', region: 'eu' })).toBe('on');
  });

  it('excluded wins over included and conditions', () => {
    expect(served({ targetingKey: 'mallory', email: 'm@example.com', accountId: 'acct-1' })).toBe('off');
  });

  it('a segment without conditions holds only its included units', () => {
    const nobody = compileConfig(config).segments.get('nobody')!;
    expect(nobody.matches({ targetingKey: 'dave' })).toBe(false);
    expect(nobody.matches({ targetingKey: 'alice' })).toBe(false);
  });

  it('a segment that does not exist never holds', () => {
    const missing = configOf([
      {
        key: 'f',
        variations: onOff,
        offVariation: 'off',
        rules: [{ segments: ['ghost'], variation: 'on' }],
        fallthrough: { variation: 'off' },
      },
    ]);
    expect(evaluate(missing, 'f', { targetingKey: 'alice' }).variation).toBe('off');
  });
});

describe('evaluation errors return the caller default with reason ERROR and an error code', () => {
  const config = configOf([canary]);

  it.each([null, undefined, 'user-1', 42, true, ['user-1']])('INVALID_CONTEXT for %j', (context) => {
    expect(evaluate(config, 'checkout', context)).toMatchObject({
      key: 'checkout',
      value: 'caller-default',
      reason: 'ERROR',
      errorCode: 'INVALID_CONTEXT',
      inExperiment: false,
    });
  });

  it('INVALID_CONTEXT says what the context was, in the wording every check uses', () => {
    expect(evaluate(config, 'checkout', 'user-1').errorMessage).toBe(
      'context must be an object, got the string "user-1"',
    );
    expect(evaluate(config, 'checkout', undefined).errorMessage).toBe(
      'context must be an object, got nothing',
    );
  });

  it('FLAG_NOT_FOUND for a missing flag, without a version or variation', () => {
    const result = evaluate(config, 'nope', { targetingKey: 'u' });
    expect(result).toMatchObject({
      key: 'nope',
      value: 'caller-default',
      reason: 'ERROR',
      errorCode: 'FLAG_NOT_FOUND',
    });
    expect(result.variation).toBeUndefined();
    expect(result.flagVersion).toBeUndefined();
  });

  it('TYPE_MISMATCH when the flag is not of the expected type, with the flag version', () => {
    const result = evaluateFlag(compileConfig(config), 'checkout', { targetingKey: 'u' }, false, 'boolean');
    expect(result).toMatchObject({
      value: false,
      reason: 'ERROR',
      errorCode: 'TYPE_MISMATCH',
      flagVersion: 7,
    });
    expect(evaluateFlag(compileConfig(config), 'checkout', { targetingKey: 'u' }, 'x', 'string').reason).toBe(
      'SPLIT',
    );
  });

  it('a json flag matches only the expected type json', () => {
    const json = compileConfig(
      configOf([
        {
          key: 'cfg',
          variations: { a: { retries: 3 }, b: 'plain' },
          offVariation: 'a',
          fallthrough: { variation: 'a' },
        },
      ]),
    );
    expect(evaluateFlag(json, 'cfg', {}, null, 'json').variation).toBe('a');
    expect(evaluateFlag(json, 'cfg', {}, 'x', 'string').errorCode).toBe('TYPE_MISMATCH');
  });

  it('GENERAL when reading the context throws', () => {
    const context = {};
    Object.defineProperty(context, 'targetingKey', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    expect(evaluate(config, 'checkout', context)).toMatchObject({
      value: 'caller-default',
      reason: 'ERROR',
      errorCode: 'GENERAL',
    });
  });
});

describe('results are shared frozen objects whose values cannot change the configuration', () => {
  const source: FlagsConfig = configOf([
    {
      key: 'limits',
      variations: { small: { max: 10, tags: ['a'] }, big: { max: 100, tags: ['b'] } },
      offVariation: 'small',
      fallthrough: { variation: 'big' },
    },
  ]);
  const compiled = compileConfig(source);

  it('the same path returns the same object', () => {
    const first = evaluateFlag(compiled, 'limits', { targetingKey: 'a' }, null);
    expect(evaluateFlag(compiled, 'limits', { targetingKey: 'b' }, null)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
  });

  it('json values are deep-frozen copies; the caller configuration is neither changed nor frozen', () => {
    const value = evaluateFlag<unknown>(compiled, 'limits', {}, null).value as {
      max: number;
      tags: string[];
    };
    expect(value).toEqual({ max: 100, tags: ['b'] });
    expect(Object.isFrozen(value) && Object.isFrozen(value.tags)).toBe(true);
    expect(() => {
      value.tags.push('x');
    }).toThrow(TypeError);
    const original = source.flags[0]!.variations.big as { tags: string[] };
    expect(Object.isFrozen(original) || Object.isFrozen(original.tags)).toBe(false);
    original.tags.push('changed-after-compile');
    expect(evaluateFlag(compiled, 'limits', {}, null).value).toEqual({ max: 100, tags: ['b'] });
  });
});
