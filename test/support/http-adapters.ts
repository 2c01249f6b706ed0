/**
 * What the Express and Fastify adapters' tests share: the flags they serve and two ways to see the
 * outcomes a request recorded. Both adapters must behave the same, so they are checked against the
 * same flags and read back the same way.
 */
import type { ArmMetrics, FlagsConfig, Outcome, RampkitClient } from '@rampkit/core';
import { vi } from 'vitest';

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

/**
 * Flags whose key or variation name a response header cannot carry as it is: a variation outside
 * Latin-1 with a space (`✓ new`), and a key and a name holding the header's own separators.
 */
export const unusualNames: FlagsConfig = {
  flags: [
    {
      key: 'greeting',
      variations: { '✓ new': 'Hello', old: 'Hi' },
      offVariation: 'old',
      fallthrough: { variation: '✓ new' },
    },
    {
      key: 'ratio=1,2',
      variations: { '1:2': '1:2', '50%': '50%' },
      offVariation: '50%',
      fallthrough: { variation: '1:2' },
    },
  ],
};

/** The variations header of a request that served `greeting` and then `ratio=1,2` (`unusualNames`). */
export const UNUSUAL_NAMES_HEADER = 'greeting=%E2%9C%93%20new, ratio%3D1%2C2=1:2';

/** Per-arm totals the client has recorded for `flagKey`, keyed by variation (flushed first). */
export async function armsOf(client: RampkitClient, flagKey: string): Promise<Record<string, ArmMetrics>> {
  await client.flush();
  const arms = await client.store.readMetrics!({ flagKey, from: 0, to: Date.now() + 3_600_000 });
  return Object.fromEntries(arms.map((arm) => [arm.variation, arm]));
}

/**
 * Spies on how `client` records outcomes: the returned function lists every outcome recorded so far
 * as [flag, variation, outcome], one entry per (flag, variation) of each request. Typed by the one
 * method it spies on, so that core's own tests can pass a client built from its sources. Copied as
 * they are recorded: a request's pairs and outcome are lent for the call only (`ClientObserver`).
 */
export function recordedOutcomes(
  client: Pick<RampkitClient, 'recordAll'>,
): () => [string, string, Outcome | undefined][] {
  const recordAll = client.recordAll.bind(client);
  const recorded: [string, string, Outcome | undefined][] = [];
  vi.spyOn(client, 'recordAll').mockImplementation((pairs, outcome) => {
    const copy = outcome === undefined ? undefined : { ...outcome };
    for (let i = 0; i + 1 < pairs.length; i += 2) recorded.push([pairs[i]!, pairs[i + 1]!, copy]);
    recordAll(pairs, outcome);
  });
  return () => [...recorded];
}
