import { describe, expect, it, vi } from 'vitest';
import { largeConfig } from '../internal/large-config.test-helper.js';
import type { ConfigSnapshot, FlagsConfig } from '../model/types.js';
import type { ConfigStore } from '../stores/types.js';
import { createClient } from './client.js';

// Waiting for a condition, not timing it: preparing 1,000 flags in slices takes seconds on a loaded
// machine, past vi.waitFor's 1 s default.
const PREPARED = { timeout: 20_000 };

/** A config store whose answers the test controls. */
function scriptedStore(first: ConfigSnapshot): ConfigStore & { push(snapshot: ConfigSnapshot): void } {
  let listener: ((snapshot: ConfigSnapshot) => void) | undefined;
  return {
    loadConfig: async () => first,
    writeConfig: () => Promise.reject(new Error('read-only')),
    subscribeConfig(l) {
      listener = l;
      return () => {
        listener = undefined;
      };
    },
    push(snapshot) {
      listener?.(snapshot);
    },
  };
}

const snapshot = (version: number, config: FlagsConfig): ConfigSnapshot => ({
  version,
  config,
  updatedAt: 0,
});

/** Counts event-loop turns (a chain of zero-delay timers) and the longest wait between two of them. */
function heartbeat() {
  let turns = 0;
  let longestMs = 0;
  let last = performance.now();
  let running = true;
  const beat = () => {
    if (!running) return;
    const now = performance.now();
    longestMs = Math.max(longestMs, now - last);
    last = now;
    turns++;
    setTimeout(beat, 0);
  };
  setTimeout(beat, 0);
  return {
    stop() {
      running = false;
      return { turns, longestMs };
    },
  };
}

/** `count` macrotask turns. */
async function turns(count: number): Promise<void> {
  for (let i = 0; i < count; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}

describe('a large configuration is applied without blocking the event loop', () => {
  it('10,000 flags: the loop keeps turning while the client prepares them, then ready() resolves', async () => {
    const config = largeConfig(10_000);
    const store = scriptedStore(snapshot(1, config));
    const pulse = heartbeat();
    const notReadyWhilePreparing: boolean[] = [];
    const probe = setInterval(() => {
      notReadyWhilePreparing.push(client.evaluate('flag-0', {}).errorCode === 'PROVIDER_NOT_READY');
    }, 0);
    const client = createClient({ store, metrics: false });
    await client.ready({ timeoutMs: 20_000 });
    clearInterval(probe);
    const { turns, longestMs } = pulse.stop();
    console.info(
      `10,000 flags applied over ${turns} event-loop turns; longest block ${longestMs.toFixed(1)} ms ` +
        '(wall clock, informational: includes GC and scheduling noise)',
    );
    // Applied in one go, the configuration would leave the loop no turn at all before ready().
    expect(turns).toBeGreaterThanOrEqual(10);
    expect(notReadyWhilePreparing.length).toBeGreaterThanOrEqual(3);
    expect(notReadyWhilePreparing.every(Boolean)).toBe(true);
    expect(client.configVersion).toBe(1);
    expect(client.evaluate('flag-9999', { targetingKey: 'user-1' })).toMatchObject({ reason: 'SPLIT' });
    await client.close();
  });

  it('a large change names the changed flags, compared by definition when versions are equal', async () => {
    const config = largeConfig(1_000);
    const store = scriptedStore(snapshot(1, config));
    const client = createClient({ store, metrics: false });
    await client.ready();
    const changes: string[][] = [];
    client.on('change', (event) => changes.push(event.changedKeys));
    const next = structuredClone(config);
    next.flags[7] = { ...next.flags[7]!, description: 'edited by hand, version kept' };
    next.flags.pop();
    store.push(snapshot(2, next));
    expect(changes).toEqual([]);
    await vi.waitFor(() => expect(client.configVersion).toBe(2), PREPARED);
    expect(changes).toEqual([['flag-7', 'flag-999']]);
    await client.close();
  });
});

describe('snapshots are applied in order, and the last good one serves meanwhile', () => {
  const small = (edition: number) => largeConfig(8, edition);
  const large = (edition: number) => largeConfig(600, edition);
  // flag-0 serves `on` in even editions, `off` in odd ones.
  const flag0 = { targetingKey: 'user-1' };

  it('a newer snapshot waits for the one being prepared; the ones between are skipped', async () => {
    const store = scriptedStore(snapshot(1, small(1)));
    const client = createClient({ store, metrics: false });
    await client.ready();
    const applied: number[] = [];
    client.on('change', (event) => applied.push(event.version));

    store.push(snapshot(2, large(2)));
    expect(client.configVersion).toBe(1);
    expect(client.isEnabled('flag-0', flag0)).toBe(false);
    store.push(snapshot(3, large(3)));
    store.push(snapshot(4, small(4)));
    store.push(snapshot(3, large(3)));
    await vi.waitFor(() => expect(client.configVersion).toBe(4), PREPARED);
    expect(applied).toEqual([2, 4]);
    expect(client.isEnabled('flag-0', flag0)).toBe(true);
    expect(client.evaluate('flag-599', flag0)).toMatchObject({
      reason: 'ERROR',
      errorCode: 'FLAG_NOT_FOUND',
    });

    store.push(snapshot(3, large(3)));
    await turns(5);
    expect(client.configVersion).toBe(4);
    expect(applied).toEqual([2, 4]);
    await client.close();
  });

  it('an invalid large snapshot is reported through `error`; the last good configuration stays', async () => {
    const store = scriptedStore(snapshot(1, small(1)));
    const client = createClient({ store, metrics: false });
    await client.ready();
    const errors: Error[] = [];
    client.on('error', (error) => errors.push(error));
    const broken = large(2);
    broken.flags[300] = { ...broken.flags[300]!, offVariation: 'nowhere' };

    store.push(snapshot(2, broken));
    await vi.waitFor(() => expect(errors).toHaveLength(1), PREPARED);
    expect(errors[0]?.message).toMatch(
      /^invalid configuration in store snapshot version 2: flags\[300\]\.offVariation/,
    );
    expect(client.configVersion).toBe(1);
    expect(client.isEnabled('flag-0', flag0)).toBe(false);

    store.push(snapshot(3, large(4)));
    await vi.waitFor(() => expect(client.configVersion).toBe(3), PREPARED);
    expect(client.isEnabled('flag-0', flag0)).toBe(true);
    expect(errors).toHaveLength(1);
    await client.close();
  });

  it('closing the client stops a preparation under way', async () => {
    const store = scriptedStore(snapshot(1, small(1)));
    const client = createClient({ store, metrics: false });
    await client.ready();
    const config = largeConfig(3_000);
    let reads = 0;
    for (const flag of config.flags) {
      const { rules } = flag;
      Object.defineProperty(flag, 'rules', {
        enumerable: true,
        get: () => {
          reads++;
          return rules;
        },
      });
    }
    store.push(snapshot(2, config));
    const readsAtClose = reads;
    expect(readsAtClose).toBeLessThan(config.flags.length);
    await client.close();
    await turns(10);
    expect(reads).toBe(readsAtClose);
    expect(client.configVersion).toBe(1);
  });
});
