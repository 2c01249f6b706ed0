import type { FlagDefinition, FlagsConfig, SegmentDefinition } from '../model/types.js';

/* A large configuration for tests of sliced work: a representative mix of what real configurations
 * hold (rules with conditions of several operators, segment rules, splits with coverage and layers,
 * prerequisites, JSON variations), varied by index so that no two flags are alike. */

/** Valid: `flagCount` flags and one segment per 50 flags; `edition` changes every fallthrough. */
export function largeConfig(flagCount: number, edition = 1): FlagsConfig {
  const segmentCount = Math.max(1, Math.ceil(flagCount / 50));
  const segments: SegmentDefinition[] = Array.from({ length: segmentCount }, (_, s) => ({
    key: `segment-${s}`,
    included: [`user-${s}`, `user-${s + 1}`],
    excluded: [`user-${s + 2}`],
    conditions: [{ attribute: 'email', op: 'endsWith', values: [`@team-${s}.example`] }],
  }));
  const flags = Array.from({ length: flagCount }, (_, i) => largeFlag(i, segmentCount, edition));
  return { flags, segments };
}

function largeFlag(i: number, segmentCount: number, edition: number): FlagDefinition {
  const key = `flag-${i}`;
  switch (i % 4) {
    case 0:
      return {
        key,
        version: edition,
        variations: { on: true, off: false },
        offVariation: 'off',
        rules: [
          {
            id: 'pro-users',
            conditions: [
              { attribute: 'plan', op: 'in', values: ['pro', `plan-${i}`] },
              { attribute: 'appVersion', op: 'semverGte', values: ['2.1.0'] },
            ],
            variation: 'on',
          },
        ],
        fallthrough: { variation: edition % 2 === 0 ? 'on' : 'off' },
      };
    case 1:
      return {
        key,
        version: edition,
        kind: 'canary',
        variations: { canary: `v${i}-next`, stable: `v${i}` },
        offVariation: 'stable',
        // Each canary waits for the flag before it: chains of prerequisites across the config.
        prerequisites: [{ flag: `flag-${i - 1}`, variations: ['on'] }],
        rules: [{ segments: [`segment-${i % segmentCount}`], variation: 'canary' }],
        fallthrough: {
          split: {
            weights: [
              { variation: 'canary', weight: 500 * ((i + edition) % 20) },
              { variation: 'stable', weight: 10_000 - 500 * ((i + edition) % 20) },
            ],
            coverage: 9000,
          },
        },
      };
    case 2:
      return {
        key,
        version: edition,
        kind: 'experiment',
        type: 'json',
        variations: { control: { color: 'blue', size: i }, treatment: { color: 'green', size: i } },
        offVariation: 'control',
        rules: [
          {
            conditions: [{ attribute: 'country', op: 'notIn', values: ['FR', 'DE'], negate: true }],
            split: {
              weights: [
                { variation: 'control', weight: 5000 },
                { variation: 'treatment', weight: 5000 },
              ],
              // The experiments among 400 flags share a layer, 25 buckets each, disjoint.
              layer: { key: `layer-${Math.floor(i / 400)}`, range: [(i % 400) * 25, (i % 400) * 25 + 25] },
            },
          },
        ],
        fallthrough: { variation: 'control' },
      };
    default:
      return {
        key,
        version: edition,
        variations: { low: 1, mid: 5, high: 10 },
        offVariation: 'low',
        rules: [
          { conditions: [{ attribute: 'ip', op: 'cidr', values: ['10.0.0.0/8'] }], variation: 'high' },
          { conditions: [{ attribute: 'age', op: 'gte', values: [18] }], variation: 'mid' },
        ],
        fallthrough: {
          split: {
            weights: [
              { variation: 'low', weight: 3334 },
              { variation: 'mid', weight: 3333 },
              { variation: 'high', weight: 3333 },
            ],
            salt: `salt-${i}`,
          },
        },
      };
  }
}
