import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createClient, type FlagDefinition, type FlagsConfig, MemoryStore } from '@rampkit/core';
import { describe, expect, it } from 'vitest';
import type { RolloutPlan } from '../plan/types.js';
import { writeWeight } from './traffic.js';

/** Core's fixture of which flags are tracked: every kind, with `track` true, false and absent. */
interface TrackedCase {
  kind?: FlagDefinition['kind'];
  track?: boolean;
  tracked: boolean;
}
const fixture = createRequire(import.meta.url).resolve('@rampkit/core/fixtures/tracked.json');
const { cases } = JSON.parse(readFileSync(fixture, 'utf8')) as { cases: TrackedCase[] };

const plan = { flag: 'checkout', stable: 'stable', canary: 'canary' } as RolloutPlan;
const noFence = async () => {};

function configWith({ kind, track }: TrackedCase, weight?: number): FlagsConfig {
  const flag: FlagDefinition = {
    key: 'checkout',
    variations: { canary: 'v2', stable: 'v1' },
    offVariation: 'stable',
    fallthrough:
      weight === undefined
        ? { variation: 'stable' }
        : {
            split: {
              weights: [
                { variation: 'canary', weight: weight * 100 },
                { variation: 'stable', weight: 10_000 - weight * 100 },
              ],
            },
          },
    ...(kind === undefined ? {} : { kind }),
    ...(track === undefined ? {} : { track }),
  };
  return { flags: [flag] };
}

/** Whether core, reading what the store holds now, records the flag's outcomes. */
async function trackedInStore(store: MemoryStore): Promise<boolean> {
  const client = createClient({ store, metrics: false });
  try {
    await client.ready();
    return client.isTracked('checkout');
  } finally {
    await client.close();
  }
}

const name = ({ kind, track }: TrackedCase) => `kind ${kind ?? 'absent'}, track ${track ?? 'absent'}`;

describe('the rollout writes a split that the middleware tracks, whatever kind and track the flag had', () => {
  it.each(cases.map((c) => [name(c), c] as const))('%s', async (_name, c) => {
    const store = new MemoryStore({ config: configWith(c) });
    await writeWeight(store, plan, 5, noFence);
    expect(await trackedInStore(store)).toBe(true);
    const written = (await store.loadConfig())!.config.flags[0]!;
    // A flag tracked already keeps its own `track` (or its absence); only an untracked one is changed.
    expect(written.track).toBe(c.tracked ? c.track : true);
  });

  it.each(cases.map((c) => [name(c), c] as const))(
    '%s, with the weight already in force: writes only to turn tracking on',
    async (_name, c) => {
      const store = new MemoryStore({ config: configWith(c, 5) });
      const before = (await store.loadConfig())!.version;
      await writeWeight(store, plan, 5, noFence);
      expect(await trackedInStore(store)).toBe(true);
      expect((await store.loadConfig())!.version).toBe(c.tracked ? before : before + 1);
    },
  );
});
