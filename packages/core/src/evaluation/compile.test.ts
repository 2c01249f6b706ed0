import { describe, expect, it } from 'vitest';
import type { FlagDefinition } from '../model/types.js';
import { compileConfig } from './compile.js';
import { flagBody } from './flag-body.js';

const base: FlagDefinition = {
  key: 'f',
  variations: { on: true, off: false },
  offVariation: 'off',
  fallthrough: { variation: 'on' },
};
const compileOne = (overrides: Partial<FlagDefinition>) =>
  compileConfig({ flags: [{ ...base, ...overrides }] }).flags.get(overrides.key ?? 'f')!;

describe('compiling fills in the documented defaults', () => {
  it('version defaults to 1, the salt to the key, the unit attribute to targetingKey, the fallback to offVariation', () => {
    const all = { split: { weights: [{ variation: 'on', weight: 10_000 }] } };
    const flag = compileOne({ fallthrough: all });
    expect(flag).toMatchObject({ key: 'f', version: 1, unitAttribute: 'targetingKey' });
    const body = flagBody(flag);
    // Enabled: no result is prepared for the kill switch.
    expect(body.disabled).toBeUndefined();
    if (body.fallthrough.kind !== 'split') throw new Error('expected a split');
    expect(body.fallthrough.split.prefix).toBe('f:');
    expect(body.fallthrough.noUnit.variation).toBe('off');

    const other = compileOne({
      version: 4,
      salt: 's',
      bucketBy: 'tenantId',
      fallbackVariation: 'on',
      enabled: false,
      fallthrough: all,
    });
    expect(other).toMatchObject({ version: 4, unitAttribute: 'tenantId' });
    const otherBody = flagBody(other);
    expect(otherBody.disabled).toMatchObject({ variation: 'off', reason: 'DISABLED', flagVersion: 4 });
    if (otherBody.fallthrough.kind !== 'split') throw new Error('expected a split');
    expect(otherBody.fallthrough.split).toMatchObject({ prefix: 's:', unitAttribute: 'tenantId' });
    expect(otherBody.fallthrough.noUnit.variation).toBe('on');
  });

  it('tracked is track, else true for canaries only', () => {
    expect(compileOne({}).tracked).toBe(false);
    expect(compileOne({ kind: 'experiment' }).tracked).toBe(false);
    expect(compileOne({ kind: 'canary' }).tracked).toBe(true);
    expect(compileOne({ kind: 'canary', track: false }).tracked).toBe(false);
    expect(compileOne({ track: true }).tracked).toBe(true);
  });

  it('the type is the declared one, else inferred from the variations', () => {
    expect(compileOne({}).type).toBe('boolean');
    expect(compileOne({ variations: { a: 'x', b: 'y' }, offVariation: 'a' }).type).toBe('string');
    expect(compileOne({ variations: { a: 1, b: 2.5 }, offVariation: 'a' }).type).toBe('number');
    expect(compileOne({ variations: { a: 1, b: 'y' }, offVariation: 'a' }).type).toBe('json');
    expect(compileOne({ variations: { a: { x: 1 }, b: null }, offVariation: 'a' }).type).toBe('json');
    expect(compileOne({ variations: { a: 'x', b: 'y' }, offVariation: 'a', type: 'json' }).type).toBe('json');
  });

  it('split weights become running totals with the salt prefix and unit attribute resolved', () => {
    const flag = compileOne({
      variations: { a: 1, b: 2, c: 3 },
      offVariation: 'a',
      bucketBy: 'userId',
      fallthrough: {
        split: {
          weights: [
            { variation: 'c', weight: 1000 },
            { variation: 'a', weight: 6000 },
            { variation: 'b', weight: 3000 },
          ],
          coverage: 5000,
        },
      },
    });
    const { fallthrough } = flagBody(flag);
    if (fallthrough.kind !== 'split') throw new Error('expected a split');
    expect(fallthrough.split).toMatchObject({
      prefix: 'f:',
      unitAttribute: 'userId',
      variations: ['c', 'a', 'b'],
      cumulative: [1000, 7000, 10_000],
      coverage: 5000,
      layerPrefix: undefined,
    });
    expect(fallthrough.placed.map((result) => result.value)).toEqual([3, 1, 2]);
  });
});

describe('a compiled configuration keeps the declared order and its source', () => {
  it('flags iterate in declared order even when prerequisites are compiled first', () => {
    const config = {
      flags: [
        { ...base, key: 'late', prerequisites: [{ flag: 'early', variations: ['on'] }] },
        { ...base, key: 'early' },
      ],
      segments: [{ key: 'seg', included: ['u'] }],
    };
    const compiled = compileConfig(config);
    expect([...compiled.flags.keys()]).toEqual(['late', 'early']);
    expect(compiled.flags.get('late')!.prerequisiteFlags[0]).toBe(compiled.flags.get('early'));
    expect([...compiled.segments.keys()]).toEqual(['seg']);
    expect(compiled.source).toBe(config);
    expect(compiled.flags.get('early')!.definition).toBe(config.flags[1]);
  });
});

describe('prerequisites are compiled before the flags that need them', () => {
  it('a chain of 20,000 prerequisites compiles without overflowing the stack', () => {
    const count = 20_000;
    const flags = Array.from({ length: count }, (_, i) => ({
      ...base,
      key: `f${i}`,
      ...(i + 1 < count ? { prerequisites: [{ flag: `f${i + 1}`, variations: ['on'] }] } : {}),
    }));
    const compiled = compileConfig({ flags });
    expect(compiled.flags.get('f0')!.prerequisiteFlags[0]).toBe(compiled.flags.get('f1'));
    expect(compiled.flags.get(`f${count - 2}`)!.prerequisiteFlags[0]).toBe(
      compiled.flags.get(`f${count - 1}`),
    );
  });
});
