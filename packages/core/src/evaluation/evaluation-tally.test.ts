import { describe, expect, it } from 'vitest';
import type { FlagsConfig } from '../model/types.js';
import { compileConfig } from './compile.js';
import { evaluateFlag } from './evaluate.js';
import { countEvaluation, countResult, forEachCount, type VariationCounts } from './evaluation-tally.js';

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

const listed = (counts: VariationCounts | undefined) => {
  const pairs: Record<string, number> = {};
  if (counts !== undefined) forEachCount(counts, (variation, count) => (pairs[variation] = count));
  return pairs;
};

describe('evaluation tallies (issue #24: no memory for a client nobody reads counts from)', () => {
  it('leave results without hidden properties and flags without counts until one is counted', () => {
    const compiled = compileConfig(config);
    const pro = evaluateFlag(compiled, 'checkout', { targetingKey: 'a', plan: 'pro' }, null);
    const free = evaluateFlag(compiled, 'checkout', { targetingKey: 'a' }, null);
    expect(Object.getOwnPropertySymbols(pro)).toEqual([]);
    expect(Object.getOwnPropertySymbols(free)).toEqual([]);
    expect(compiled.flags.get('checkout')!.counts).toBeUndefined();
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
    expect(listed(flag.counts)).toEqual({ on: 2, off: 1, later: 0 });
  });

  it('count a variation the definition does not list rather than lose it', () => {
    const compiled = compileConfig(config);
    const flag = compiled.flags.get('checkout')!;
    countEvaluation(flag, 'on');
    countEvaluation(flag, 'stray');
    countEvaluation(flag, 'stray');
    expect(listed(flag.counts)).toEqual({ on: 1, off: 0, later: 0, stray: 2 });
  });
});
