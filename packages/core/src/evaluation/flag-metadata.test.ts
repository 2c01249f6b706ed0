import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FlagDefinition, FlagsConfig } from '../model/types.js';
import { validateConfig } from '../model/validate.js';
import { compileConfig } from './compile.js';
import { evaluateFlag } from './evaluate.js';

const metadata = { owner: 'team-payments', ticket: 'PAY-142', priority: 2, customerFacing: true };
const half = {
  weights: [
    { variation: 'on', weight: 5000 },
    { variation: 'off', weight: 5000 },
  ],
};

/** A flag whose every result path is reachable from the context alone. */
const checkout: FlagDefinition = {
  key: 'checkout',
  variations: { on: true, off: false },
  offVariation: 'off',
  metadata,
  prerequisites: [{ flag: 'gate', variations: ['open'] }],
  rules: [
    { conditions: [{ attribute: 'plan', op: 'in', values: ['pro'] }], variation: 'on' },
    { conditions: [{ attribute: 'beta', op: 'exists' }], split: { ...half, coverage: 5000 } },
  ],
  fallthrough: { split: { ...half, coverage: 5000 } },
};
const gate: FlagDefinition = {
  key: 'gate',
  variations: { open: true, shut: false },
  offVariation: 'shut',
  rules: [{ conditions: [{ attribute: 'blocked', op: 'exists' }], variation: 'shut' }],
  fallthrough: { variation: 'open' },
};
const plain: FlagDefinition = {
  key: 'plain',
  variations: { on: true },
  offVariation: 'on',
  fallthrough: { variation: 'on' },
};
const config: FlagsConfig = { flags: [checkout, gate, plain, { ...plain, key: 'empty', metadata: {} }] };
const compiled = compileConfig(config);
const disabled = compileConfig({ flags: [{ ...checkout, enabled: false, prerequisites: [] }] });

const contexts = [
  { targetingKey: 'u-1', blocked: 'yes' },
  { targetingKey: 'u-1', plan: 'pro' },
  { plan: 'free' },
  ...Array.from({ length: 40 }, (_, i) => ({ targetingKey: `user-${i}`, beta: i % 2 === 0 ? 'on' : '' })),
];

describe('every result of a flag carries its metadata as one shared frozen object', () => {
  const results = contexts.map((context) => evaluateFlag(compiled, 'checkout', context, null));

  it('on every path: prerequisite failed, rule match, split, no unit, outside coverage', () => {
    const reasons = new Set(results.map((result) => result.reason));
    expect(reasons).toEqual(new Set(['DEFAULT', 'TARGETING_MATCH', 'SPLIT']));
    expect(results.some((result) => result.prerequisiteFailed === 'gate')).toBe(true);
    expect(results.some((result) => result.errorMessage?.includes('coverage'))).toBe(true);
    expect(results.some((result) => result.errorMessage?.includes('to bucket on'))).toBe(true);
    for (const result of results) expect(result.flagMetadata).toEqual(metadata);
  });

  it('when the kill switch is off', () => {
    const result = evaluateFlag(disabled, 'checkout', { targetingKey: 'u-1' }, null);
    expect(result).toMatchObject({ reason: 'DISABLED', flagMetadata: metadata });
  });

  it('the same object on every result, so evaluation allocates none', () => {
    const first = results[0]?.flagMetadata;
    expect(Object.isFrozen(first)).toBe(true);
    for (const result of results) expect(result.flagMetadata).toBe(first);
    expect(evaluateFlag(compiled, 'checkout', {}, 'x', 'string').flagMetadata).toBe(first);
  });

  it('a copy: the configuration is neither frozen nor read again after compiling', () => {
    const source = structuredClone(checkout);
    const own = compileConfig({ flags: [{ ...source, prerequisites: [] }] });
    expect(Object.isFrozen(source.metadata)).toBe(false);
    source.metadata!.owner = 'someone-else';
    expect(evaluateFlag(own, 'checkout', { plan: 'pro' }, null).flagMetadata?.owner).toBe('team-payments');
    const shared = evaluateFlag(own, 'checkout', { plan: 'pro' }, null).flagMetadata as Record<
      string,
      unknown
    >;
    expect(() => {
      shared.owner = 'changed';
    }).toThrow(TypeError);
  });

  it('a __proto__ name stays an own property of the copy', () => {
    const parsed = JSON.parse('{"__proto__": "x", "owner": "y"}') as Record<string, string>;
    const own = compileConfig({ flags: [{ ...plain, metadata: parsed }] });
    const shared = evaluateFlag(own, 'plain', {}, null).flagMetadata;
    expect(Object.keys(shared ?? {})).toEqual(['__proto__', 'owner']);
    expect(Object.getPrototypeOf(shared)).toBe(Object.prototype);
  });

  it('round-trips any valid metadata (property)', () => {
    // Numbers JSON can carry: no NaN or infinities, and no -0, which JSON writes back as 0.
    const number = fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0));
    const value = fc.oneof(fc.string(), number, fc.boolean());
    fc.assert(
      fc.property(fc.dictionary(fc.string(), value, { minKeys: 1 }), (any) => {
        const own = compileConfig(validateConfig({ flags: [{ ...plain, metadata: any }] }));
        expect(evaluateFlag(own, 'plain', {}, null).flagMetadata).toEqual(any);
      }),
    );
  });
});

describe('flagMetadata is present only when the flag exists and has metadata', () => {
  it('absent for a flag without metadata or with an empty object', () => {
    expect('flagMetadata' in evaluateFlag(compiled, 'plain', {}, null)).toBe(false);
    expect('flagMetadata' in evaluateFlag(compiled, 'gate', {}, null)).toBe(false);
    expect('flagMetadata' in evaluateFlag(compiled, 'empty', {}, null)).toBe(false);
  });

  it('absent on FLAG_NOT_FOUND and INVALID_CONTEXT', () => {
    const missing = evaluateFlag(compiled, 'nope', {}, null);
    expect(missing.errorCode).toBe('FLAG_NOT_FOUND');
    expect('flagMetadata' in missing).toBe(false);
    const invalid = evaluateFlag(compiled, 'checkout', null, null);
    expect(invalid.errorCode).toBe('INVALID_CONTEXT');
    expect('flagMetadata' in invalid).toBe(false);
  });

  it('present on TYPE_MISMATCH: the flag exists', () => {
    const result = evaluateFlag(compiled, 'checkout', { plan: 'pro' }, 'x', 'string');
    expect(result).toMatchObject({ errorCode: 'TYPE_MISMATCH', value: 'x', flagMetadata: metadata });
    expect('flagMetadata' in evaluateFlag(compiled, 'plain', {}, 'x', 'string')).toBe(false);
  });
});
