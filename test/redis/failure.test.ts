import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { redisForSuite } from '../support/redis.js';
import {
  type ConfigSnapshot,
  createClient,
  RedisStore,
  StoreUnavailableError,
} from '../support/redis-deps.js';
import { eventually, flag, metricsWindow } from '../support/redis-fixtures.js';
import { freePort, RedisServerProcess } from '../support/redis-server.js';

const bootstrap = { flags: [flag('banner', 'on')] };

describe('an unreachable Redis never reaches the request path', () => {
  const stores: RedisStore[] = [];
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
  });

  it('store calls fail with StoreUnavailableError; the client serves its bootstrap and throws nothing', async () => {
    const store = new RedisStore({ url: `redis://127.0.0.1:${await freePort()}`, commandTimeoutMs: 200 });
    stores.push(store);
    const storeErrors: Error[] = [];
    store.on('error', (error) => storeErrors.push(error));

    await expect(store.loadConfig()).rejects.toBeInstanceOf(StoreUnavailableError);
    // The timeout names what the connection last ran into.
    await expect(store.loadConfig()).rejects.toThrow(
      /did not become ready within 200 ms \(last error: .*ECONNREFUSED/,
    );
    await expect(
      store.writeMetrics([metricsWindow('f', 'on', 0, { requests: 1, errors: 0, latencies: [] })]),
    ).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.acquireLease('l', 'me', 1_000)).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(await store.assignSticky('u1', { exp: 'a' })).toEqual({ exp: 'a' });

    const client = createClient({ store, flags: bootstrap, flushIntervalMs: 50, maxPendingWindows: 3 });
    const clientErrors: Error[] = [];
    client.on('error', (error) => clientErrors.push(error));
    for (let i = 0; i < 100; i += 1) {
      expect(client.isEnabled('banner', { targetingKey: `u${i}` })).toBe(true);
      client.record(`flag-${i % 10}`, 'on', { latencyMs: 1 });
    }
    await client.flush();
    // Ten windows (one per flag) against a bound of three: the oldest are dropped and counted.
    const stats = client.metricsStats;
    expect(stats?.recorded).toBe(100);
    expect(stats?.flushedWindows).toBe(0);
    expect(stats?.pendingWindows).toBeLessThanOrEqual(3);
    expect(stats?.dropped).toBeGreaterThanOrEqual(7);
    expect(clientErrors.length).toBeGreaterThan(0);
    // A reconnecting client fails every few hundred ms; the store reports the outage once.
    expect(storeErrors).toHaveLength(1);
    expect(store.isStale).toBe(true);
    await client.close();
  });
});

const binaries = await redisForSuite('a Redis that stops answering (test/redis/failure.test.ts)', 'binaries');

describe.skipIf(!binaries)('a Redis that stops answering (slow, not down)', () => {
  let server: RedisServerProcess;
  const stores: RedisStore[] = [];
  beforeAll(async () => {
    server = await RedisServerProcess.start();
  });
  afterAll(async () => {
    await Promise.all(stores.map((store) => store.close()));
    await server?.stop();
  });

  it('commands time out, subscribers go stale and back to fresh, evaluation never waits', async () => {
    const open = () => {
      const store = new RedisStore({
        url: server.url,
        prefix: 'slow:',
        commandTimeoutMs: 200,
        pollIntervalMs: 100,
      });
      stores.push(store);
      return store;
    };
    const [writer, follower] = [open(), open()];
    await writer.writeConfig(bootstrap, { expectedVersion: 0 });
    const staleness: boolean[] = [];
    let latest: ConfigSnapshot | undefined;
    follower.subscribeConfig(
      (snapshot) => {
        latest = snapshot;
      },
      () => undefined,
      (stale) => staleness.push(stale),
    );
    const client = createClient({ store: follower });
    await client.ready();
    await eventually(() => latest?.version === 1, 'the follower has version 1');

    server.pause();
    try {
      await expect(follower.loadConfig()).rejects.toBeInstanceOf(StoreUnavailableError);
      await eventually(() => staleness.includes(true), 'the subscriber is told it is stale');
      expect(client.isStale).toBe(true);
      expect(client.isEnabled('banner', { targetingKey: 'u1' })).toBe(true);
    } finally {
      server.resume();
    }
    await writer.writeConfig({ flags: [flag('banner', 'off')] }, { expectedVersion: 1 });
    await eventually(() => latest?.version === 2 && staleness.at(-1) === false, 'fresh again with version 2');
    await eventually(
      () => client.isEnabled('banner', { targetingKey: 'u1' }) === false,
      'the client serves version 2',
    );
    await client.close();
  });

  it('a resync that finds the version subscribers have goes fresh without reading the configuration again', async () => {
    const open = (prefix: string) => {
      const store = new RedisStore({ url: server.url, prefix, commandTimeoutMs: 200, pollIntervalMs: 100 });
      stores.push(store);
      return store;
    };
    const writer = open('resync:');
    await writer.writeConfig(bootstrap, { expectedVersion: 0 });
    const follower = open('resync:');
    const staleness: boolean[] = [];
    const delivered: number[] = [];
    follower.subscribeConfig(
      (snapshot) => delivered.push(snapshot.version),
      () => undefined,
      (stale) => staleness.push(stale),
    );
    await eventually(() => delivered.length === 1, 'the follower has version 1');
    const wholeReads: string[] = [];
    const client = follower.client as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
    const hgetall = client.hgetall!.bind(follower.client);
    client.hgetall = (...args: unknown[]) => {
      if (args[0] === follower.keys.config) wholeReads.push('hgetall');
      return hgetall(...args);
    };

    server.pause();
    try {
      await eventually(() => staleness.includes(true), 'the subscriber is told it is stale');
    } finally {
      server.resume();
    }
    await eventually(() => staleness.at(-1) === false, 'fresh again');
    expect(delivered).toEqual([1]);
    expect(wholeReads).toEqual([]);
  });

  it('a flush applied after its reply was lost is replaced by the retry, not counted twice', async () => {
    const store = new RedisStore({ url: server.url, prefix: 'lost-reply:', commandTimeoutMs: 200 });
    stores.push(store);
    // The client's clock stands still in the middle of a 10 s window, so that every outcome lands in
    // the same window: on the wall clock the test crosses a window boundary now and then, and the
    // retry then writes two windows.
    const midWindow = Math.floor(Date.now() / 10_000) * 10_000 + 5_000;
    const client = createClient({
      store,
      flags: bootstrap,
      flushIntervalMs: 3_600_000,
      now: () => midWindow,
    });
    client.on('error', () => undefined);
    await client.ready();
    const requests = async () =>
      (await store.readMetrics({ flagKey: 'checkout', from: 0, to: Date.now() + 60_000 }))
        .map((arm) => arm.requests)
        .reduce((a, b) => a + b, 0);

    for (let i = 0; i < 5; i += 1) client.record('checkout', 'canary', { latencyMs: 1 });
    server.pause();
    try {
      // The MULTI is sent, Redis is stopped: the flush times out and the client keeps the windows.
      await client.flush();
      expect(client.metricsStats).toMatchObject({ flushedWindows: 0, pendingWindows: 1 });
    } finally {
      server.resume();
    }
    // Resumed, Redis runs the MULTI it was sent: the write happened, its reply came too late.
    await eventually(async () => (await requests()) === 5, 'the timed-out flush was applied');

    for (let i = 0; i < 2; i += 1) client.record('checkout', 'canary', { latencyMs: 1 });
    await client.flush();
    expect(client.metricsStats).toMatchObject({ flushedWindows: 1, pendingWindows: 0 });
    expect(await requests()).toBe(7);
    await client.close();
  });
});
