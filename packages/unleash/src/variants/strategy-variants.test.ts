import { describe, expect, it } from 'vitest';
import type { UnleashFeature } from '../payload/types.js';
import { UnleashFlags } from '../unleash-flags.js';

// The normalised values below are murmurhash3js's (unleash-client's hash), computed outside Rampkit.
const checkout: UnleashFeature = {
  name: 'checkout',
  enabled: true,
  strategies: [
    {
      name: 'default',
      variants: [
        { name: 'a', weight: 500, stickiness: 'default' },
        { name: 'b', weight: 500, stickiness: 'default' },
      ],
    },
  ],
};

describe('strategy variants without a groupId', () => {
  it('in \'unleash-node\' mode hash "undefined:" + id, as unleash-client does', () => {
    // "undefined:user-0" normalises to 478 of 1000, "undefined:user-2" to 643.
    const flags = new UnleashFlags({ hashing: 'unleash-node', payload: { features: [checkout] } });
    expect(flags.getVariant('checkout', { userId: 'user-0' }).name).toBe('a');
    expect(flags.getVariant('checkout', { userId: 'user-2' }).name).toBe('b');
  });

  it("in 'utf8' mode hash the feature name, as Unleash's Rust engine (Yggdrasil)", () => {
    // "checkout:user-0" normalises to 750 of 1000, "checkout:user-2" to 9.
    const flags = new UnleashFlags({ hashing: 'utf8', payload: { features: [checkout] } });
    expect(flags.getVariant('checkout', { userId: 'user-0' }).name).toBe('b');
    expect(flags.getVariant('checkout', { userId: 'user-2' }).name).toBe('a');
  });

  it('with a groupId, hash it in both modes', () => {
    const grouped: UnleashFeature = {
      ...checkout,
      strategies: [{ ...checkout.strategies![0]!, parameters: { groupId: 'checkout' } }],
    };
    for (const hashing of ['utf8', 'unleash-node'] as const) {
      const flags = new UnleashFlags({ hashing, payload: { features: [grouped] } });
      expect(flags.getVariant('checkout', { userId: 'user-0' }).name).toBe('b');
      expect(flags.getVariant('checkout', { userId: 'user-2' }).name).toBe('a');
    }
  });
});
