import type { ArmMetrics, FlagsConfig, RampkitClient } from '@rampkit/core';

export async function armsOf(client: RampkitClient, flagKey: string): Promise<Record<string, ArmMetrics>> {
  await client.flush();
  const arms = await client.store.readMetrics!({ flagKey, from: 0, to: Date.now() + 3_600_000 });
  return Object.fromEntries(arms.map((arm) => [arm.variation, arm]));
}

/** A canary at `percent`%, a tracked boolean flag and an untracked string flag. */
export function testFlags(percent = 20): FlagsConfig {
  return {
    flags: [
      {
        key: 'payments',
        kind: 'canary',
        variations: { canary: 'v2', stable: 'v1' },
        offVariation: 'stable',
        fallthrough: {
          split: {
            weights: [
              { variation: 'canary', weight: percent * 100 },
              { variation: 'stable', weight: 10_000 - percent * 100 },
            ],
          },
        },
      },
      {
        key: 'checkout',
        track: true,
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
      },
      {
        key: 'banner',
        variations: { a: 'Hello', b: 'Hi' },
        offVariation: 'a',
        fallthrough: { variation: 'b' },
      },
    ],
  };
}
