import { describe, expect, it, vi } from 'vitest';
import { countOutcomes, type OutcomeCount } from '../internal/index.js';
import type { FlagsConfig } from '../model/types.js';
import { MemoryStore } from '../stores/memory/memory-store.js';
import { createClient } from './client.js';

const config = (version: number): FlagsConfig => ({
  flags: [
    {
      key: 'checkout',
      version,
      track: true,
      variations: { on: true, off: false },
      offVariation: 'off',
      fallthrough: { variation: version === 1 ? 'on' : 'off' },
    },
  ],
});

const options = { boundsMs: [10, 100, 1000], maxPairs: 10 };

/** The counts of one pair as plain numbers, for `toEqual`. */
const plain = (counts: readonly OutcomeCount[], flag: string, variation: string) => {
  const count = counts.find((c) => c.flag === flag && c.variation === variation);
  return count === undefined ? undefined : { ...count, buckets: Array.from(count.buckets) };
};

/** With a metrics store the aggregator counts them; without one the client does itself. */
const clients = [
  ['with a metrics store', {}],
  ['without a metrics store', { metrics: false }],
] as const;

describe.each(clients)('outcome counts read at scrape time (countOutcomes), %s', (_, metrics) => {
  const make = () => createClient({ flags: config(1), ...metrics });

  it('count exactly the outcomes recorded while a reader is open, in the reader’s buckets', async () => {
    const client = make();
    client.record('checkout', 'on', { latencyMs: 3 });
    const counter = countOutcomes(client, options)!;
    client.record('checkout', 'on', { latencyMs: 10 });
    client.recordAll(['checkout', 'on', 'banner', 'hi'], { latencyMs: 50, error: true });
    client.record('checkout', 'on', { latencyMs: 5000 });
    client.record('checkout', 'on', { aborted: true, latencyMs: 7 });
    client.record('checkout', 'on', {});
    client.record('checkout', 'on', { latencyMs: -1 });
    expect(plain(counter.read(), 'checkout', 'on')).toEqual({
      flag: 'checkout',
      variation: 'on',
      requests: 5,
      errors: 1,
      aborts: 1,
      samples: 3,
      sumMs: 5060,
      // ≤10 (10 is in the first: `le` is inclusive), ≤100, ≤1000, above.
      buckets: [1, 1, 0, 1],
    });
    expect(plain(counter.read(), 'banner', 'hi')).toMatchObject({
      requests: 1,
      errors: 1,
      buckets: [0, 1, 0, 0],
    });
    expect(counter.dropped).toBe(0);
    counter.stop();
    await client.close();
  });

  it('keep going up across configuration updates and flushes', async () => {
    const store = new MemoryStore({ config: config(1) });
    const client = createClient({ store, ...metrics });
    await client.ready();
    const counter = countOutcomes(client, options)!;
    client.record('checkout', 'on', { latencyMs: 1 });
    await store.writeConfig(config(2), { expectedVersion: 1 });
    await vi.waitFor(() => expect(client.configVersion).toBe(2));
    await client.flush();
    client.record('checkout', 'on', { latencyMs: 1 });
    client.record('checkout', 'off', { latencyMs: 1 });
    await client.flush();
    client.record('checkout', 'on', { latencyMs: 1 });
    expect(plain(counter.read(), 'checkout', 'on')).toMatchObject({ requests: 3, buckets: [3, 0, 0, 0] });
    expect(plain(counter.read(), 'checkout', 'off')).toMatchObject({ requests: 1 });
    counter.stop();
    await client.close();
  });

  it('count the outcomes of pairs past maxPairs as dropped', async () => {
    const client = make();
    const counter = countOutcomes(client, { ...options, maxPairs: 2 })!;
    for (let i = 0; i < 5; i += 1)
      client.recordAll(['checkout', `v${i}`, 'banner', 'hi'], { aborted: i === 4 });
    expect(counter.read().map((c) => `${c.flag}/${c.variation}`)).toEqual(['checkout/v0', 'banner/hi']);
    expect(counter.dropped).toBe(4);
    counter.stop();
    await client.close();
  });

  it('stop counting once the last reader stops, and start afresh with the next', async () => {
    const client = make();
    const first = countOutcomes(client, options)!;
    const second = countOutcomes(client, options)!;
    client.record('checkout', 'on');
    first.stop();
    first.stop();
    client.record('checkout', 'on');
    expect(plain(second.read(), 'checkout', 'on')).toMatchObject({ requests: 2 });
    second.stop();
    client.record('checkout', 'on');
    expect(plain(second.read(), 'checkout', 'on')).toMatchObject({ requests: 2 });
    const third = countOutcomes(client, { boundsMs: [1], maxPairs: 1 })!;
    client.record('checkout', 'on', { latencyMs: 2 });
    expect(plain(third.read(), 'checkout', 'on')).toMatchObject({ requests: 1, buckets: [0, 1] });
    third.stop();
    await client.close();
  });

  it('give a reader opened later only what was recorded since', async () => {
    const client = make();
    const first = countOutcomes(client, options)!;
    client.record('checkout', 'on', { latencyMs: 1 });
    const second = countOutcomes(client, options)!;
    client.record('checkout', 'on', { latencyMs: 20 });
    expect(plain(first.read(), 'checkout', 'on')).toMatchObject({ requests: 2, sumMs: 21 });
    expect(plain(second.read(), 'checkout', 'on')).toMatchObject({
      requests: 1,
      sumMs: 20,
      buckets: [0, 1, 0, 0],
    });
    first.stop();
    second.stop();
    await client.close();
  });
});

describe('countOutcomes', () => {
  it('refuses a reader with other buckets or another bound while one is open', async () => {
    const client = createClient({ flags: config(1) });
    const counter = countOutcomes(client, options)!;
    expect(countOutcomes(client, { ...options, boundsMs: [10, 100] })).toBeUndefined();
    expect(countOutcomes(client, { ...options, maxPairs: 11 })).toBeUndefined();
    counter.stop();
    await client.close();
  });

  it('gives undefined for a client of another copy of core (one without its symbol)', () => {
    expect(countOutcomes({ record() {} }, options)).toBeUndefined();
  });
});
