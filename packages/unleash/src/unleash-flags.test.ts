import { InvalidConfigError } from '@rampkit/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { UnleashFeature, UnleashPayload } from './payload/types.js';
import { UnleashFlags } from './unleash-flags.js';

function flagsWith(features: UnleashFeature[], options: ConstructorParameters<typeof UnleashFlags>[0] = {}) {
  return new UnleashFlags({ ...options, payload: { features } });
}

const rollout = (name: string, percentage: number, extra: Record<string, string> = {}): UnleashFeature => ({
  name,
  enabled: true,
  strategies: [
    { name: 'flexibleRollout', parameters: { rollout: String(percentage), groupId: name, ...extra } },
  ],
});

describe('isEnabled and getVariant never throw and answer the fallback for unknown features', () => {
  const flags = flagsWith([{ name: 'on', enabled: true, strategies: [] }]);

  it('returns the fallback value and the fallback variant (with feature_enabled false)', () => {
    expect(flags.isEnabled('missing', {}, true)).toBe(true);
    const fallback = {
      name: 'fallback',
      enabled: true,
      feature_enabled: true,
      payload: { type: 'string', value: 'x' },
    };
    expect(flags.getVariant('missing', {}, fallback)).toEqual({
      ...fallback,
      feature_enabled: false,
      featureEnabled: false,
    });
    expect(flags.getVariant('on', {}, fallback)).toEqual({
      ...fallback,
      feature_enabled: true,
      featureEnabled: true,
    });
  });

  it('tolerates contexts that are not objects', () => {
    const odd = [null, 42, 'text', []] as unknown as Parameters<UnleashFlags['isEnabled']>[1][];
    for (const context of odd) {
      expect(flags.isEnabled('on', context)).toBe(true);
      expect(flags.getVariant('on', context).feature_enabled).toBe(true);
    }
  });
});

describe("variant results carry featureEnabled, unleash-client's older name of feature_enabled", () => {
  const flags = flagsWith([
    { name: 'plain', enabled: true, strategies: [] },
    { name: 'off', enabled: false, strategies: [] },
    {
      name: 'colours',
      enabled: true,
      strategies: [],
      variants: [{ name: 'blue', weight: 1, payload: { type: 'string', value: '#00f' } }],
    },
  ]);

  it('equals feature_enabled on every shape getVariant returns', () => {
    expect(flags.getVariant('colours', { userId: 'u' })).toEqual({
      name: 'blue',
      enabled: true,
      feature_enabled: true,
      featureEnabled: true,
      payload: { type: 'string', value: '#00f' },
    });
    expect(flags.getVariant('plain')).toEqual({
      name: 'disabled',
      enabled: false,
      feature_enabled: true,
      featureEnabled: true,
    });
    for (const name of ['off', 'missing']) {
      expect(flags.getVariant(name)).toEqual({
        name: 'disabled',
        enabled: false,
        feature_enabled: false,
        featureEnabled: false,
      });
    }
  });

  it("replaces a fallback variant's own values with the feature's state", () => {
    const fallback = { name: 'fallback', enabled: true, feature_enabled: true, featureEnabled: true };
    expect(flags.getVariant('off', {}, fallback)).toEqual({
      ...fallback,
      feature_enabled: false,
      featureEnabled: false,
    });
    expect(flags.getVariant('plain', {}, { name: 'fallback', enabled: true })).toEqual({
      name: 'fallback',
      enabled: true,
      feature_enabled: true,
      featureEnabled: true,
    });
  });
});

describe('load checks a payload whole; on error the features in force stay', () => {
  it('throws InvalidConfigError and keeps evaluating the previous payload', () => {
    const flags = flagsWith([{ name: 'a', enabled: true, strategies: [] }]);
    expect(() => flags.load({ features: [{ name: 'a' }] } as unknown as UnleashPayload)).toThrow(
      InvalidConfigError,
    );
    expect(flags.isEnabled('a')).toBe(true);
    expect(flags.featureNames).toEqual(['a']);
  });

  it('delta events apply on top of the payload in force', () => {
    const flags = flagsWith([{ name: 'a', enabled: true, strategies: [] }]);
    flags.load({
      events: [
        { type: 'feature-updated', eventId: 1, feature: { name: 'b', enabled: true, strategies: [] } },
      ],
    });
    expect(flags.featureNames).toEqual(['a', 'b']);
    expect(flags.feature('b')?.enabled).toBe(true);
  });
});

describe('rollouts are Unleash buckets: monotone in the percentage, sticky per id', () => {
  it('a user in at p% is in at every larger percentage (same group id)', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 100 }),
        (id, p, q) => {
          const [low, high] = p <= q ? [p, q] : [q, p];
          const flags = flagsWith([
            rollout('low', low, { groupId: 'g' }),
            rollout('high', high, { groupId: 'g' }),
          ]);
          return !flags.isEnabled('low', { userId: id }) || flags.isEnabled('high', { userId: id });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('default stickiness falls back from userId to sessionId; a named stickiness reads that field only', () => {
    // Unleash's fixture: "Feature.flexibleRollout.10:174" normalises to 10, inside a 10% rollout.
    const ten = flagsWith([rollout('Feature.flexibleRollout.10', 10)]);
    expect(ten.isEnabled('Feature.flexibleRollout.10', { sessionId: '174' })).toBe(true);
    expect(ten.isEnabled('Feature.flexibleRollout.10', { userId: '499', sessionId: '174' })).toBe(false);
    const tenant = flagsWith([rollout('s', 100, { stickiness: 'tenant' })]);
    expect(tenant.isEnabled('s', { userId: 'u' })).toBe(false);
    expect(tenant.isEnabled('s', { properties: { tenant: 't-1' } })).toBe(true);
  });
});

describe('the context a call gets is merged over staticContext', () => {
  it('fills appName and environment unless the call sets them', () => {
    const feature: UnleashFeature = {
      name: 'prod-only',
      enabled: true,
      strategies: [
        { name: 'default', constraints: [{ contextName: 'environment', operator: 'IN', values: ['prod'] }] },
      ],
    };
    const flags = flagsWith([feature], { staticContext: { environment: 'prod' } });
    expect(flags.isEnabled('prod-only')).toBe(true);
    expect(flags.isEnabled('prod-only', { environment: 'dev' })).toBe(false);
  });
});

describe('strategies beyond the specification', () => {
  it('runs custom strategies by name; one that throws is off; unknown names are off', () => {
    const flags = flagsWith(
      [
        { name: 'beta', enabled: true, strategies: [{ name: 'betaUsers', parameters: { list: 'a,b' } }] },
        { name: 'broken', enabled: true, strategies: [{ name: 'throws' }] },
        { name: 'unknown', enabled: true, strategies: [{ name: 'nobodyKnowsMe' }] },
      ],
      {
        strategies: {
          betaUsers: (parameters, context) =>
            (parameters.list ?? '').split(',').includes(String(context.userId)),
          throws: () => {
            throw new Error('boom');
          },
        },
      },
    );
    expect(flags.isEnabled('beta', { userId: 'a' })).toBe(true);
    expect(flags.isEnabled('beta', { userId: 'c' })).toBe(false);
    expect(flags.isEnabled('broken')).toBe(false);
    expect(flags.isEnabled('unknown')).toBe(false);
  });

  it('applicationHostname compares host names case-insensitively', () => {
    const feature: UnleashFeature = {
      name: 'h',
      enabled: true,
      strategies: [{ name: 'applicationHostname', parameters: { hostNames: 'web-1, WEB-2' } }],
    };
    expect(flagsWith([feature], { hostname: 'web-2' }).isEnabled('h')).toBe(true);
    expect(flagsWith([feature], { hostname: 'db-1' }).isEnabled('h')).toBe(false);
  });

  it('remoteAddress accepts IPv6 networks too (as Yggdrasil does)', () => {
    const feature: UnleashFeature = {
      name: 'r',
      enabled: true,
      strategies: [{ name: 'remoteAddress', parameters: { IPs: '10.0.0.0/8, 2001:db8::/32' } }],
    };
    const flags = flagsWith([feature]);
    expect(flags.isEnabled('r', { remoteAddress: '2001:db8::7' })).toBe(true);
    expect(flags.isEnabled('r', { remoteAddress: '10.1.1.1' })).toBe(true);
    expect(flags.isEnabled('r', { remoteAddress: '192.168.1.1' })).toBe(false);
  });

  it('a strategy marked disabled is skipped', () => {
    const flags = flagsWith([
      { name: 'd', enabled: true, strategies: [{ name: 'default', disabled: true }] },
    ]);
    expect(flags.isEnabled('d')).toBe(false);
  });
});

describe('variants: overrides first, then weights; weight 0 is never served', () => {
  it('never serves a weight-0 variant and pins overridden users', () => {
    const flags = flagsWith([
      {
        name: 'v',
        enabled: true,
        strategies: [],
        variants: [
          { name: 'never', weight: 0, overrides: [{ contextName: 'userId', values: ['vip'] }] },
          { name: 'always', weight: 1000 },
        ],
      },
    ]);
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        (userId) => flags.getVariant('v', { userId }).name === 'always' || userId === 'vip',
      ),
    );
    expect(flags.getVariant('v', { userId: 'vip' }).name).toBe('never');
  });
});
