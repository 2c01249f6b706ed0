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

  it('put every latency in the reader’s bucket, at and beside its bounds, before and after a flush', async () => {
    const client = make();
    const bounds = [0.05, 1, 5, 10, 250];
    const counter = countOutcomes(client, { boundsMs: bounds, maxPairs: 10 })!;
    // Each bound, and latencies a rounding error, a microsecond's fraction and a bucket's width away.
    const near = bounds.flatMap((b) => [b, b - 1e-9, b + 1e-9, b - 3e-4, b + 3e-4, b - 0.02, b + 0.02]);
    const spread = Array.from({ length: 400 }, (_, i) => ((i * 7919) % 300_000) / 1000);
    const latencies = [...near, ...spread, 0, 4_500_000];
    const expected = new Array<number>(bounds.length + 1).fill(0);
    for (const ms of latencies) {
      const slot = bounds.findIndex((b) => ms <= b);
      expected[slot === -1 ? bounds.length : slot]! += 1;
    }
    latencies.forEach((latencyMs, i) => {
      client.record('checkout', 'on', { latencyMs });
      if (i % 97 === 0) void client.flush();
    });
    expect(plain(counter.read(), 'checkout', 'on')!.buckets).toEqual(expected);
    await client.flush();
    expect(plain(counter.read(), 'checkout', 'on')).toMatchObject({
      requests: latencies.length,
      samples: latencies.length,
      buckets: expected,
    });
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

/** A metrics store whose writes wait for `settle`, or fail while `failing` is set. */
function heldMetricsStore() {
  const store = new MemoryStore();
  let settle: ((failure?: Error) => void) | undefined;
  const held = {
    failing: false,
    writes: 0,
    writeMetrics: async (batch: Parameters<MemoryStore['writeMetrics']>[0]) => {
      held.writes += 1;
      const failure = await new Promise<Error | undefined>((resolve) => {
        settle = resolve;
        if (!held.failing && !held.waiting) resolve(undefined);
        if (held.failing) resolve(new Error('metrics store down'));
      });
      if (failure !== undefined) throw failure;
      await store.writeMetrics(batch);
    },
    readMetrics: store.readMetrics.bind(store),
    readMetricsWindows: store.readMetricsWindows.bind(store),
    waiting: false,
    settle: (failure?: Error) => settle?.(failure),
  };
  return held;
}

describe('outcome counts while the aggregator writes its windows (they move into the cells)', () => {
  const outcome = (latencyMs: number, error = false) => ({ latencyMs, error });
  const read = (counter: ReturnType<typeof countOutcomes>) => plain(counter!.read(), 'checkout', 'on');

  it('read the same before, during and after a write, after a failed one, and after a retry', async () => {
    const metrics = heldMetricsStore();
    const client = createClient({ flags: config(1), metrics, logger: { warn() {} } });
    const counter = countOutcomes(client, options)!;
    client.record('checkout', 'on', outcome(3));
    client.record('checkout', 'on', outcome(30, true));
    client.record('checkout', 'on', { aborted: true });
    const before = read(counter);
    expect(before).toMatchObject({ requests: 2, errors: 1, aborts: 1, sumMs: 33, buckets: [1, 1, 0, 0] });

    metrics.waiting = true;
    const failed = client.flush();
    expect(read(counter)).toEqual(before);
    client.record('checkout', 'on', outcome(300));
    metrics.settle(new Error('metrics store down'));
    await failed;
    const afterFailure = read(counter);
    expect(afterFailure).toMatchObject({ requests: 3, sumMs: 333, buckets: [1, 1, 1, 0] });

    metrics.waiting = false;
    await client.flush();
    expect(read(counter)).toEqual(afterFailure);
    expect(metrics.writes).toBe(2);
    counter.stop();
    await client.close();
  });

  it('never report a lower latency sum, though a write adds the same numbers in another order', async () => {
    const metrics = heldMetricsStore();
    const client = createClient({ flags: config(1), metrics });
    const counter = countOutcomes(client, options)!;
    client.record('checkout', 'on', outcome(0.1));
    await client.flush();
    client.record('checkout', 'on', outcome(0.6));
    metrics.waiting = true;
    const writing = client.flush();
    client.record('checkout', 'on', outcome(0.2));
    // (0.1 + 0.2) + 0.6 while 0.6 is being written, (0.1 + 0.6) + 0.2 once it is: 0.9 then 0.8999999999999999.
    const during = read(counter)!.sumMs;
    metrics.waiting = false;
    metrics.settle();
    await writing;
    expect(read(counter)!.sumMs).toBeGreaterThanOrEqual(during);
    expect(read(counter)!.requests).toBe(3);
    counter.stop();
    await client.close();
  });

  it('keep the counts of windows dropped past maxPendingWindows', async () => {
    const metrics = heldMetricsStore();
    metrics.failing = true;
    let now = 0;
    const client = createClient({
      flags: config(1),
      metrics,
      now: () => now,
      metricsWindowMs: 1_000,
      maxPendingWindows: 1,
      logger: { warn() {} },
    });
    const counter = countOutcomes(client, options)!;
    for (let window = 0; window < 4; window += 1) {
      now = window * 1_000;
      client.record('checkout', 'on', outcome(1));
      client.record('checkout', 'off', outcome(2_000));
      await client.flush();
    }
    expect(read(counter)).toMatchObject({ requests: 4, sumMs: 4, buckets: [4, 0, 0, 0] });
    expect(plain(counter.read(), 'checkout', 'off')).toMatchObject({ requests: 4, buckets: [0, 0, 0, 4] });
    counter.stop();
    await client.close();
  });

  it('give a reader opened while a write is in flight only what was recorded since', async () => {
    const metrics = heldMetricsStore();
    const client = createClient({ flags: config(1), metrics });
    client.record('checkout', 'on', outcome(3));
    metrics.waiting = true;
    const writing = client.flush();
    const counter = countOutcomes(client, options)!;
    client.record('checkout', 'on', outcome(30));
    expect(read(counter)).toMatchObject({ requests: 1, sumMs: 30, buckets: [0, 1, 0, 0] });
    metrics.waiting = false;
    metrics.settle();
    await writing;
    expect(read(counter)).toMatchObject({ requests: 1, sumMs: 30, buckets: [0, 1, 0, 0] });
    counter.stop();
    await client.close();
  });
});
