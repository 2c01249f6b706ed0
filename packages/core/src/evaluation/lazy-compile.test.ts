import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { largeConfig } from '../internal/large-config.test-helper.js';
import { adoptConfig } from '../model/adopted-config.js';
import type { EvaluationContext, FlagDefinition, FlagsConfig } from '../model/types.js';
import { type CompiledConfig, compileConfig } from './compile.js';
import { CompiledFlag } from './compile-flag.js';
import { evaluateFlag, evaluateFound } from './evaluate.js';
import { flagBody } from './flag-body.js';

const fixture = JSON.parse(readFileSync(new URL('../../fixtures/cases.json', import.meta.url), 'utf8')) as {
  suites: Array<{ config: unknown; cases: Array<{ flag: string; context: unknown }> }>;
};

const compiledBodies = (compiled: CompiledConfig) =>
  [...compiled.flags.values()].filter((flag) => flag.body !== undefined).length;

const rollout = (key: string): FlagDefinition => ({
  key,
  variations: { on: true, off: false },
  offVariation: 'off',
  fallthrough: {
    split: {
      weights: [
        { variation: 'on', weight: 5000 },
        { variation: 'off', weight: 5000 },
      ],
    },
  },
});

describe('an adopted configuration compiles a flag on its first evaluation', () => {
  it('no flag is compiled at load; one evaluation compiles that flag and its prerequisite only', () => {
    const flags = Array.from({ length: 1000 }, (_, i) => rollout(`flag-${i}`));
    flags.push({ ...rollout('gated'), prerequisites: [{ flag: 'flag-7', variations: ['on', 'off'] }] });
    const compiled = compileConfig(adoptConfig({ flags }));
    expect(compiledBodies(compiled)).toBe(0);

    evaluateFlag(compiled, 'gated', { targetingKey: 'user-1' }, false, 'boolean');
    expect(compiledBodies(compiled)).toBe(2);
    expect(compiled.flags.get('gated')!.body).toBeDefined();
    expect(compiled.flags.get('flag-7')!.body).toBeDefined();

    // Compiled once: the second evaluation reads the same body.
    const body = compiled.flags.get('gated')!.body;
    evaluateFlag(compiled, 'gated', { targetingKey: 'user-2' }, false, 'boolean');
    expect(compiled.flags.get('gated')!.body).toBe(body);
    expect(compiledBodies(compiled)).toBe(2);
  });

  it('what callers read without evaluating compiles nothing', () => {
    const compiled = compileConfig(adoptConfig({ flags: [{ ...rollout('f'), kind: 'canary', version: 3 }] }));
    const flag = compiled.flags.get('f')!;
    expect([
      flag.key,
      flag.type,
      flag.version,
      flag.tracked,
      flag.unitAttribute,
      flag.targetingKeyOnly,
    ]).toEqual(['f', 'boolean', 3, true, 'targetingKey', true]);
    expect(flag.body).toBeUndefined();
  });

  it('a configuration that is not adopted is compiled at once (its owner may still change it)', () => {
    const compiled = compileConfig({ flags: [rollout('a'), rollout('b')] });
    expect(compiledBodies(compiled)).toBe(2);
  });

  it('answers as compiling everything at load does, on the fixture and a large configuration', () => {
    const contexts: EvaluationContext[] = [
      {},
      { targetingKey: 'user-1' },
      { targetingKey: 'user-3', plan: 'pro', appVersion: '2.2.0', country: 'US' },
      { targetingKey: 'user-9', ip: '10.1.2.3', age: 30, country: 'FR' },
    ];
    const configs: FlagsConfig[] = [
      ...fixture.suites.map((suite) => suite.config as FlagsConfig),
      largeConfig(300) as FlagsConfig,
    ];
    for (const config of configs) {
      const eager = compileConfig(config);
      const lazy = compileConfig(adoptConfig(config));
      for (const context of [...contexts, ...fixture.suites.flatMap((s) => s.cases.map((c) => c.context))]) {
        for (const key of eager.flags.keys()) {
          expect(evaluateFlag(lazy, key, context, null)).toEqual(evaluateFlag(eager, key, context, null));
        }
      }
    }
  });

  it('a flag that fails to compile answers with an error result, and never throws', () => {
    // Only a definition the validator rejects can fail: an unknown operator, put in by hand.
    const definition = {
      ...rollout('broken'),
      rules: [{ conditions: [{ attribute: 'plan', op: 'nope', values: ['x'] }], variation: 'on' }],
    } as unknown as FlagDefinition;
    const flag = new CompiledFlag(definition, { segments: new Map(), prerequisite: () => undefined });
    const compiled: CompiledConfig = {
      flags: new Map([['broken', flag]]),
      segments: new Map(),
      source: { flags: [definition] },
    };
    const result = evaluateFlag(compiled, 'broken', { targetingKey: 'u' }, 'fallback');
    expect(result).toMatchObject({ value: 'fallback', reason: 'ERROR', errorCode: 'GENERAL' });
    expect(evaluateFound(flag, { targetingKey: 'u' })).toMatchObject({
      reason: 'ERROR',
      errorCode: 'GENERAL',
    });
    expect(flag.body).toBeUndefined();
  });
});

describe('an adopted copy shares its equal leaves', () => {
  it('10,000 flags written from one template hold one weights entry and one variations object', () => {
    const config = adoptConfig({ flags: Array.from({ length: 10_000 }, (_, i) => rollout(`flag-${i}`)) });
    const entries = new Set(config.flags.flatMap((flag) => flag.fallthrough.split!.weights));
    const variations = new Set(config.flags.map((flag) => flag.variations));
    expect(entries.size).toBe(2);
    expect(variations.size).toBe(1);
    expect(new Set(config.flags.map((flag) => flag.fallthrough.split!.weights)).size).toBe(1);
    expect(new Set(config.flags.map((flag) => flag.fallthrough)).size).toBe(1);

    // The compiled splits of equal weights share their arms.
    const compiled = compileConfig(config);
    const splits = ['flag-1', 'flag-2'].map((key) => {
      const fallthrough = flagBody(compiled.flags.get(key)!).fallthrough;
      if (fallthrough.kind !== 'split') throw new Error('expected a split');
      return fallthrough.split;
    });
    expect(splits[0]!.cumulative).toBe(splits[1]!.cumulative);
    expect(splits[0]!.variations).toBe(splits[1]!.variations);
    // Each keeps its own salt.
    expect(splits.map((split) => split.prefix)).toEqual(['flag-1:', 'flag-2:']);
    expect(Object.isFrozen(config.flags[0]!.variations)).toBe(true);
  });

  it('leaves that differ in type or in the order of their names stay apart', () => {
    const config = adoptConfig({
      flags: [
        { ...rollout('a'), variations: { on: 0, off: 1 } },
        { ...rollout('b'), variations: { off: 1, on: 0 } },
        { ...rollout('c'), variations: { on: '0', off: '1' } },
        { ...rollout('d'), variations: { on: 0, off: 1 } },
      ],
    });
    const [a, b, c, d] = config.flags.map((flag) => flag.variations);
    expect(a).toBe(d);
    expect(a).not.toBe(b);
    expect(Object.keys(b!)).toEqual(['off', 'on']);
    expect(a).not.toBe(c);
    expect(c!.on).toBe('0');
  });
});
