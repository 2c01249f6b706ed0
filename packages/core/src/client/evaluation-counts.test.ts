import { describe, expect, it, vi } from 'vitest';
import { countEvaluations } from '../internal/index.js';
import type { FlagsConfig } from '../model/types.js';
import { MemoryStore } from '../stores/memory/memory-store.js';
import { createClient } from './client.js';

const config = (version: number, variations: Record<string, boolean> = { on: true, off: false }) =>
  ({
    flags: [
      {
        key: 'checkout',
        version,
        variations,
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
      { key: 'banner', variations: { hi: 'Hi' }, offVariation: 'hi', fallthrough: { variation: 'hi' } },
    ],
  }) as FlagsConfig;

const byPair = (counts: readonly { flag: string; variation: string; count: number }[]) =>
  Object.fromEntries(counts.map((c) => [`${c.flag}/${c.variation}`, c.count]));

/** What each evaluation served, tallied by the test itself: what the counts must equal. */
function served(results: readonly { key: string; variation?: string }[]) {
  const expected: Record<string, number> = {};
  for (const r of results) {
    if (r.variation !== undefined)
      expected[`${r.key}/${r.variation}`] = (expected[`${r.key}/${r.variation}`] ?? 0) + 1;
  }
  return expected;
}

describe('evaluation counts read at scrape time (countEvaluations)', () => {
  it('count exactly the evaluations that served each variation while a reader is open', async () => {
    const client = createClient({ flags: config(1), metrics: false });
    await client.ready();
    client.isEnabled('checkout', { targetingKey: 'before' });
    const counter = countEvaluations(client)!;
    const results = [];
    for (let i = 0; i < 50; i += 1) results.push(client.evaluate('checkout', { targetingKey: `u${i}` }));
    results.push(client.valueDetails('banner', { targetingKey: 'x' }, 'Hello'));
    results.push(client.evaluate('checkout', {}));
    client.evaluate('no-such-flag', { targetingKey: 'a' });
    client.valueDetails('checkout', { targetingKey: 'a' }, 'a string');
    client.allFlags({ targetingKey: 'a' });
    expect(byPair(counter.read())).toEqual(served(results));
    counter.stop();
    counter.stop();
    client.evaluate('banner', {});
    expect(byPair(counter.read())).toEqual(served(results));
    await client.close();
  });

  it('only go up across configuration updates, for flags recompiled and flags since removed', async () => {
    const store = new MemoryStore({ config: config(1) });
    const client = createClient({ store, metrics: false });
    await client.ready();
    const counter = countEvaluations(client)!;
    for (let i = 0; i < 10; i += 1) client.evaluate('banner', { targetingKey: `u${i}` });
    for (let i = 0; i < 10; i += 1) client.evaluate('checkout', { targetingKey: `u${i}` });
    const first = byPair(counter.read());

    await store.writeConfig(config(2, { on: true, off: false, maybe: true }), { expectedVersion: 1 });
    await vi.waitFor(() => expect(client.configVersion).toBe(2));
    expect(byPair(counter.read())).toEqual(first);
    client.evaluate('banner', {});
    expect(byPair(counter.read())).toEqual({ ...first, 'banner/hi': 11 });

    await store.writeConfig({ flags: [config(3).flags[1]!] }, { expectedVersion: 2 });
    await vi.waitFor(() => expect(client.configVersion).toBe(3));
    expect(byPair(counter.read())).toEqual({ ...first, 'banner/hi': 11 });
    await client.close();
  });

  it('start at zero for a reader opened later, and leave results as they were', async () => {
    const client = createClient({ flags: config(1), metrics: false });
    await client.ready();
    const early = countEvaluations(client)!;
    const result = client.evaluate('banner', {});
    const late = countEvaluations(client)!;
    client.evaluate('banner', {});
    expect(byPair(early.read())).toEqual({ 'banner/hi': 2 });
    expect(byPair(late.read())).toEqual({ 'banner/hi': 1 });
    expect(Object.keys(result)).not.toContain('count');
    expect(JSON.parse(JSON.stringify(result))).toEqual({ ...result });
    expect(Object.getOwnPropertySymbols({ ...result })).toEqual([]);
    await client.close();
  });

  it('are not offered by an object that is not a client of this copy of core', () => {
    expect(countEvaluations({})).toBeUndefined();
  });
});
