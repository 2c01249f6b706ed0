import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { largeConfig } from '../internal/large-config.test-helper.js';
import { runStepsInSlices } from '../internal/time-slice.js';
import type { EvaluationContext, FlagDefinition, FlagsConfig } from '../model/types.js';
import { validateConfig } from '../model/validate.js';
import { type CompiledConfig, compileConfig, compileConfigAsync, compileSteps } from './compile.js';
import { evaluateFlag } from './evaluate.js';

const fixture = JSON.parse(readFileSync(new URL('../../fixtures/cases.json', import.meta.url), 'utf8')) as {
  suites: Array<{ description: string; config: unknown; cases: Array<{ flag: string; context: unknown }> }>;
};

/** Every flag evaluated for every context: what a compiled configuration means to its callers. */
function meaning(compiled: CompiledConfig, contexts: readonly unknown[]) {
  return contexts.map((context) =>
    [...compiled.flags.keys()].map((key) => evaluateFlag(compiled, key, context, null, undefined)),
  );
}

/** Sliced as finely as the driver allows: a pause at every clock reading. */
const compileSliced = (config: FlagsConfig) => runStepsInSlices(compileSteps(config), { sliceMs: 0 });

const largeContexts: EvaluationContext[] = [
  {},
  { targetingKey: 'user-1' },
  { targetingKey: 'user-3', plan: 'pro', appVersion: '2.2.0' },
  { targetingKey: 'user-7', email: 'a@team-4.example', country: 'US' },
  { targetingKey: 'user-9', ip: '10.1.2.3', age: 30, country: 'FR' },
  { targetingKey: 'anon-42', age: 12, appVersion: '1.0.0' },
];

describe('compileConfigAsync builds what compileConfig builds', () => {
  it.each(fixture.suites.map((suite) => [suite.description, suite] as const))(
    'cases.json: %s evaluates the same',
    async (_, suite) => {
      const config = validateConfig(suite.config);
      const contexts = suite.cases.map((item) => item.context);
      const sliced = await compileSliced(config);
      expect(meaning(sliced, contexts)).toEqual(meaning(compileConfig(config), contexts));
    },
  );

  it('a large configuration: same flags in declared order, same segments, same evaluations', async () => {
    const config = largeConfig(800);
    const sync = compileConfig(config);
    const sliced = await compileConfigAsync(config, { sliceMs: 0 });
    expect([...sliced.flags.keys()]).toEqual(config.flags.map((flag) => flag.key));
    expect([...sliced.segments.keys()]).toEqual([...sync.segments.keys()]);
    expect(sliced.source).toBe(config);
    expect(meaning(sliced, largeContexts)).toEqual(meaning(sync, largeContexts));
  });

  it('prerequisites are references to the compiled flags, whichever path compiled them', async () => {
    const config = largeConfig(40);
    for (const compiled of [compileConfig(config), await compileSliced(config)]) {
      const canary = compiled.flags.get('flag-5')!;
      expect(canary.prerequisiteFlags[0]).toBe(compiled.flags.get('flag-4'));
    }
  });
});

describe('compiling survives what the validator should have rejected', () => {
  const base: FlagDefinition = {
    key: 'f',
    variations: { on: true, off: false },
    offVariation: 'off',
    fallthrough: { variation: 'on' },
  };

  it('a cycle is cut at the edge that closes it: that prerequisite has no flag, so it always fails', async () => {
    const config: FlagsConfig = {
      flags: [
        { ...base, key: 'a', prerequisites: [{ flag: 'b', variations: ['on'] }] },
        { ...base, key: 'b', prerequisites: [{ flag: 'a', variations: ['on'] }] },
        { ...base, key: 'self', prerequisites: [{ flag: 'self', variations: ['on'] }] },
        { ...base, key: 'orphan', prerequisites: [{ flag: 'missing', variations: ['on'] }] },
      ],
    };
    for (const compiled of [compileConfig(config), await compileSliced(config)]) {
      const flag = (key: string) => compiled.flags.get(key)!;
      expect(flag('a').prerequisiteFlags[0]).toBe(flag('b'));
      expect(flag('b').prerequisiteFlags[0]).toBeUndefined();
      expect(flag('self').prerequisiteFlags[0]).toBeUndefined();
      expect(flag('orphan').prerequisiteFlags[0]).toBeUndefined();
      expect(evaluateFlag(compiled, 'a', {}, null, undefined)).toMatchObject({
        variation: 'off',
        prerequisiteFailed: 'b',
      });
    }
  });
});
