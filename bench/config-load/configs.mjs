/**
 * The benchmark's configurations: a representative mix of what real flags files hold (targeting
 * rules with several operators, segment rules, canaries with prerequisites, layered experiments
 * with JSON variations, numeric splits), varied by index so that no two flags are alike.
 * `edition` changes every fallthrough, so two editions differ in every flag.
 */
export function benchConfig(flagCount, edition = 1) {
  const segmentCount = Math.max(1, Math.ceil(flagCount / 50));
  const segments = Array.from({ length: segmentCount }, (_, s) => ({
    key: `segment-${s}`,
    included: [`user-${s}`, `user-${s + 1}`],
    excluded: [`user-${s + 2}`],
    conditions: [{ attribute: 'email', op: 'endsWith', values: [`@team-${s}.example`] }],
  }));
  const flags = Array.from({ length: flagCount }, (_, i) => benchFlag(i, segmentCount, edition));
  return { flags, segments };
}

/** The file text FileStore writes: JSON, two-space indent, final newline. */
export function fileText(config) {
  return `${JSON.stringify(config, null, 2)}\n`;
}

/** The fewest flags whose file text is at least `bytes` long. */
export function flagsForBytes(bytes) {
  const perFlag = fileText(benchConfig(1000)).length / 1000;
  let count = Math.ceil(bytes / perFlag);
  while (fileText(benchConfig(count)).length < bytes) count += 100;
  return count;
}

function benchFlag(i, segmentCount, edition) {
  const key = `flag-${i}`;
  switch (i % 4) {
    case 0:
      return {
        key,
        version: edition,
        description: `Targeted feature ${i}`,
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
        metadata: { owner: `team-${i % 7}`, ticket: `EXP-${i}` },
        rules: [
          {
            conditions: [{ attribute: 'country', op: 'notIn', values: ['FR', 'DE'], negate: true }],
            split: {
              weights: [
                { variation: 'control', weight: 5000 },
                { variation: 'treatment', weight: 5000 },
              ],
              layer: { key: `layer-${Math.floor(i / 400)}`, range: [(i % 400) * 25, (i % 400) * 25 + 25] },
            },
          },
        ],
        fallthrough: { variation: edition % 2 === 0 ? 'treatment' : 'control' },
      };
    default:
      return {
        key,
        version: edition,
        tags: ['pricing', `area-${i % 5}`],
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
              { variation: 'mid', weight: 3333 - (edition % 2) },
              { variation: 'high', weight: 3333 + (edition % 2) },
            ],
            salt: `salt-${i}`,
          },
        },
      };
  }
}
