/** The benchmark's configurations: a canary and a banner flag, plus `extraFlags` bulk flags. */
export function flagsConfig(version, extraFlags = 0) {
  const flags = [
    {
      key: 'checkout',
      kind: 'canary',
      variations: { canary: 'v2', stable: 'v1' },
      offVariation: 'stable',
      fallthrough: {
        split: {
          weights: [
            { variation: 'canary', weight: 1000 },
            { variation: 'stable', weight: 9000 },
          ],
        },
      },
    },
    {
      key: 'banner',
      variations: { on: true, off: false },
      offVariation: 'off',
      description: `change ${version}`,
      rules: [{ conditions: [{ attribute: 'country', op: 'in', values: ['US', 'CA'] }], variation: 'on' }],
      fallthrough: { variation: version % 2 === 0 ? 'on' : 'off' },
    },
  ];
  for (let i = 0; i < extraFlags; i += 1) {
    flags.push({
      key: `flag-${i}`,
      variations: { on: true, off: false },
      offVariation: 'off',
      rules: [{ conditions: [{ attribute: 'plan', op: 'in', values: ['pro', `p${i}`] }], variation: 'on' }],
      fallthrough: {
        split: {
          weights: [
            { variation: 'on', weight: 2500 },
            { variation: 'off', weight: 7500 },
          ],
        },
      },
    });
  }
  return { flags };
}

/**
 * `flagsConfig(version)` plus a string flag `mark` serving `mark`: instances report the mark they
 * have in force, which tells two configurations with the same version number apart.
 */
export function markedConfig(version, mark) {
  const config = flagsConfig(version);
  config.flags.push({
    key: 'mark',
    variations: { current: mark },
    offVariation: 'current',
    fallthrough: { variation: 'current' },
  });
  return config;
}
