import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashFunction, normalizedValue, STRATEGY_SEED } from '../bucketing/hashing.js';
import type { UnleashFeature } from '../payload/types.js';
import { UnleashFlags } from '../unleash-flags.js';

// The normalised values below are murmurhash3js's (unleash-client's hash), computed outside Rampkit.
const checkout: UnleashFeature = {
  name: 'checkout',
  enabled: true,
  strategies: [{ name: 'flexibleRollout', parameters: { rollout: '50', stickiness: 'userId' } }],
};

describe('flexibleRollout without a groupId', () => {
  const node = new UnleashFlags({ hashing: 'unleash-node', payload: { features: [checkout] } });
  const utf8 = new UnleashFlags({ hashing: 'utf8', payload: { features: [checkout] } });

  it("in 'unleash-node' mode hashes '' + ':' + id, as unleash-client (it never sets featureToggle)", () => {
    // ":user-24" normalises to 3 and ":user-6" to 89.
    expect(node.isEnabled('checkout', { userId: 'user-24' })).toBe(true);
    expect(node.isEnabled('checkout', { userId: 'user-6' })).toBe(false);
  });

  it("in 'utf8' mode hashes the feature name, as Unleash's Rust engine (Yggdrasil)", () => {
    // "checkout:user-24" normalises to 83 and "checkout:user-6" to 1.
    expect(utf8.isEnabled('checkout', { userId: 'user-24' })).toBe(false);
    expect(utf8.isEnabled('checkout', { userId: 'user-6' })).toBe(true);
  });

  it("in 'unleash-node' mode a context's own featureToggle field is the group id, as in unleash-client", () => {
    expect(node.isEnabled('checkout', { userId: 'user-24', featureToggle: 'checkout' })).toBe(false);
    expect(node.isEnabled('checkout', { userId: 'user-6', featureToggle: 'checkout' })).toBe(true);
    expect(node.isEnabled('checkout', { userId: 'user-24', featureToggle: '' })).toBe(true);
  });

  it("in 'unleash-node' mode admits exactly the ids whose value for the group id '' is within the rollout", () => {
    const hash = hashFunction('unleash-node');
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }), (userId) => {
        const inside = normalizedValue(hash, userId, '', 100, STRATEGY_SEED) <= 50;
        expect(node.isEnabled('checkout', { userId })).toBe(inside);
      }),
    );
  });

  it('a groupId, when given, is hashed in both modes', () => {
    const grouped: UnleashFeature = {
      ...checkout,
      strategies: [
        { name: 'flexibleRollout', parameters: { rollout: '50', stickiness: 'userId', groupId: 'checkout' } },
      ],
    };
    for (const hashing of ['utf8', 'unleash-node'] as const) {
      const flags = new UnleashFlags({ hashing, payload: { features: [grouped] } });
      expect(flags.isEnabled('checkout', { userId: 'user-24' })).toBe(false);
      expect(flags.isEnabled('checkout', { userId: 'user-6', featureToggle: 'other' })).toBe(true);
    }
  });
});

describe('remoteAddress with an address in CIDR notation', () => {
  const feature: UnleashFeature = {
    name: 'office',
    enabled: true,
    strategies: [{ name: 'remoteAddress', parameters: { IPs: '192.168.0.0/16, 10.1.2.3, 172.16.1.0/24' } }],
  };
  const flags = new UnleashFlags({ payload: { features: [feature] } });

  it('is in when its whole network lies inside a listed one, as unleash-client does', () => {
    expect(flags.isEnabled('office', { remoteAddress: '192.168.1.0/24' })).toBe(true);
    expect(flags.isEnabled('office', { remoteAddress: '192.168.1.77/24' })).toBe(true);
    expect(flags.isEnabled('office', { remoteAddress: '10.1.2.3/32' })).toBe(true);
  });

  it('is in when it is written exactly as a listed entry', () => {
    expect(flags.isEnabled('office', { remoteAddress: '172.16.1.0/24' })).toBe(true);
  });

  it('is out when it is wider than the listed network, even around a listed address', () => {
    expect(flags.isEnabled('office', { remoteAddress: '192.0.0.0/8' })).toBe(false);
    expect(flags.isEnabled('office', { remoteAddress: '192.168.0.0/8' })).toBe(false);
    expect(flags.isEnabled('office', { remoteAddress: '10.1.2.3/8' })).toBe(false);
  });
});
