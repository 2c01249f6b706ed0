import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisForSuite } from '../support/redis.js';
import { createClient, Redis, RedisStore } from '../support/redis-deps.js';
import { eventually, flag } from '../support/redis-fixtures.js';
import { LocalRedisSentinel } from '../support/redis-server.js';

const available = await redisForSuite('Redis Sentinel failover (test/redis/sentinel.test.ts)', 'binaries');

describe.skipIf(!available)('behind Redis Sentinel, a failover of the master', () => {
  let sentinel: LocalRedisSentinel;
  const stores: RedisStore[] = [];
  const open = () => {
    const store = new RedisStore({
      redis: sentinel.redisOptions,
      prefix: 'rk-sentinel:',
      commandTimeoutMs: 1_000,
      pollIntervalMs: 100,
    });
    store.on('error', () => undefined);
    stores.push(store);
    return store;
  };

  beforeAll(async () => {
    sentinel = await LocalRedisSentinel.start();
  }, 30_000);
  afterAll(async () => {
    await Promise.all(stores.map((store) => store.close()));
    await sentinel?.stop();
  });

  it('is followed: writes, subscriptions and metrics go on against the promoted replica', async () => {
    const writer = open();
    const client = createClient({ store: open(), flushIntervalMs: 3_600_000 });
    const clientErrors: Error[] = [];
    client.on('error', (error) => clientErrors.push(error));
    await writer.writeConfig({ flags: [flag('checkout', 'off')] }, { expectedVersion: 0 });
    await client.ready();
    await eventually(() => client.configVersion === 1, 'the client has version 1');
    client.record('checkout', 'off', { latencyMs: 1 });
    await client.flush();

    // Everything so far is on the replica before the master dies, as WAIT confirms.
    const master = new Redis({ port: sentinel.master.port, lazyConnect: true });
    await master.connect();
    expect(await master.wait(1, 5_000)).toBe(1);
    master.disconnect();
    await sentinel.master.kill();
    await eventually(
      async () => (await sentinel.masterPort()) === sentinel.replica.port,
      'the Sentinel promotes the replica',
      20_000,
    );

    // The writer finds the new master through the Sentinel; the configuration and metrics survived.
    await eventually(
      async () => {
        try {
          await writer.writeConfig({ flags: [flag('checkout', 'on')] }, { expectedVersion: 1 });
          return true;
        } catch {
          return false;
        }
      },
      'a write succeeds on the promoted replica',
      20_000,
    );
    await eventually(() => client.configVersion === 2, 'the client follows version 2', 20_000);
    expect(client.isEnabled('checkout', { targetingKey: 'u1' })).toBe(true);

    client.record('checkout', 'on', { latencyMs: 1 });
    await eventually(
      async () => {
        await client.flush();
        return client.metricsStats?.pendingWindows === 0;
      },
      'the metrics flush reaches the new master',
      20_000,
    );
    const arms = await writer.readMetrics({ flagKey: 'checkout', from: 0, to: Date.now() + 60_000 });
    expect(arms.map((arm) => [arm.variation, arm.requests])).toEqual([
      ['off', 1],
      ['on', 1],
    ]);
    await client.close();
  }, 60_000);
});
