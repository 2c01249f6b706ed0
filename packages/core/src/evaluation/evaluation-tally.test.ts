import { describe, expect, it } from 'vitest';
import type { FlagsConfig } from '../model/types.js';
import { compileConfig } from './compile.js';
import { evaluateFlag } from './evaluate.js';
import { countEvaluation, countResult, type EvaluationTally, forEachCount } from './evaluation-tally.js';

const config: FlagsConfig = {
  flags: [
    {
      key: 'checkout',
      variations: { on: true, off: false, later: true },
      offVariation: 'off',
      rules: [{ variation: 'on', conditions: [{ attribute: 'plan', op: 'in', values: ['pro'] }] }],
      fallthrough: { variation: 'off' },
    },
  ],
};

const listed = (tally: EvaluationTally | undefined) => {
  const pairs: Record<string, number> = {};
  if (tally !== undefined) {
    forEachCount(tally, (variation, count) => (pairs[variation] = (pairs[variation] ?? 0) + count));
  }
  return pairs;
};

describe('evaluation tallies (issue #24: no memory for a client nobody reads counts from)', () => {
  it('leave results without hidden properties and flags without counts until one is counted', () => {
    const compiled = compileConfig(config);
    const pro = evaluateFlag(compiled, 'checkout', { targetingKey: 'a', plan: 'pro' }, null);
    const free = evaluateFlag(compiled, 'checkout', { targetingKey: 'a' }, null);
    expect(Object.getOwnPropertySymbols(pro)).toEqual([]);
    expect(Object.getOwnPropertySymbols(free)).toEqual([]);
    expect(compiled.flags.get('checkout')!.tally).toBeUndefined();
  });

  it('count each variation of the flag evaluated, found by the result key', () => {
    const compiled = compileConfig(config);
    const flag = compiled.flags.get('checkout')!;
    const pro = evaluateFlag(compiled, 'checkout', { targetingKey: 'a', plan: 'pro' }, null);
    const free = evaluateFlag(compiled, 'checkout', { targetingKey: 'a' }, null);
    countResult(compiled, pro);
    countResult(compiled, pro);
    countResult(compiled, free);
    countResult(compiled, evaluateFlag(compiled, 'missing', {}, null));
    expect(listed(flag.tally)).toEqual({ on: 2, off: 1 });
  });

  it('sum the results that serve one variation, past the two a flag usually serves', () => {
    const compiled = compileConfig({
      flags: [
        {
          key: 'arms',
          variations: { a: 1, b: 2, c: 3 },
          offVariation: 'a',
          rules: [{ variation: 'c', conditions: [{ attribute: 'plan', op: 'in', values: ['pro'] }] }],
          fallthrough: {
            split: {
              weights: [
                { variation: 'a', weight: 3334 },
                { variation: 'b', weight: 3333 },
                { variation: 'c', weight: 3333 },
              ],
            },
          },
        },
      ],
    });
    const flag = compiled.flags.get('arms')!;
    const served: Record<string, number> = {};
    for (let i = 0; i < 300; i++) {
      const context = i % 10 === 0 ? { targetingKey: `u${i}`, plan: 'pro' } : { targetingKey: `u${i}` };
      const result = evaluateFlag(compiled, 'arms', context, 0);
      served[result.variation!] = (served[result.variation!] ?? 0) + 1;
      countEvaluation(flag, result);
    }
    expect(Object.keys(served).sort()).toEqual(['a', 'b', 'c']);
    expect(listed(flag.tally)).toEqual(served);
  });

  it('leave out results without a variation (errors)', () => {
    const compiled = compileConfig(config);
    const flag = compiled.flags.get('checkout')!;
    countEvaluation(flag, evaluateFlag(compiled, 'checkout', 'not a context', null));
    countEvaluation(flag, evaluateFlag(compiled, 'checkout', { targetingKey: 'a' }, null));
    expect(listed(flag.tally)).toEqual({ off: 1 });
  });

  it('hold a bounded number of entries when every result is a new object', () => {
    const compiled = compileConfig(config);
    const flag = compiled.flags.get('checkout')!;
    const free = evaluateFlag(compiled, 'checkout', { targetingKey: 'a' }, null);
    for (let i = 0; i < 1000; i++) countEvaluation(flag, { ...free });
    countEvaluation(flag, { ...free, variation: 'stray' });
    expect(listed(flag.tally)).toEqual({ off: 1000, stray: 1 });
    expect(flag.tally!.others!.length).toBeLessThanOrEqual(17);
  });
});
