import { afterAll, describe, expect, it } from 'vitest';
import { cleanupPrefix, REDIS_URL, redisForSuite, uniquePrefix } from '../support/redis.js';
import { createClient, Redis, RedisStore } from '../support/redis-deps.js';
import { eventually, sleep } from '../support/redis-fixtures.js';

const available = await redisForSuite('metrics load on Redis (test/redis/metrics-load.test.ts)');
const prefix = uniquePrefix('metrics-load');

describe.skipIf(!available)('Redis load grows with flushes, not with requests', () => {
  afterAll(() => cleanupPrefix(prefix));

  it('a flush of 10 outcomes and a flush of 10,000 send the same commands', async () => {
    const monitor = await new Redis(REDIS_URL).monitor();
    const commands: string[][] = [];
    monitor.on('monitor', (_time: string, args: string[]) => {
      if (args.some((arg) => String(arg).includes(`${prefix}}metrics:`))) commands.push(args.map(String));
    });
    const store = new RedisStore({ url: REDIS_URL, prefix });
    const client = createClient({ store, flushIntervalMs: 3_600_000, metricsWindowMs: 3_600_000 });
    try {
      await client.ready();
      const flushOf = async (outcomes: number) => {
        for (let i = 0; i < outcomes; i += 1) {
          client.record('checkout', i % 2 === 0 ? 'canary' : 'stable', {
            latencyMs: i % 300,
            error: i % 50 === 0,
          });
        }
        const before = commands.length;
        await client.flush();
        await sleep(50); // MONITOR lines arrive on their own connection
        return commands.slice(before).map((args) => args[0]?.toLowerCase());
      };
      const small = await flushOf(10);
      const large = await flushOf(10_000);
      expect(large).toEqual(small);
      // Inside one MULTI/EXEC: both arms' entries in one HSET, its TTL, the index, its trim and TTL.
      expect(small).toEqual(['hset', 'pexpire', 'zadd', 'zremrangebyscore', 'pexpire']);
      await eventually(async () => {
        const arms = await store.readMetrics({ flagKey: 'checkout', from: 0, to: Date.now() + 3_600_000 });
        return arms.reduce((sum, arm) => sum + arm.requests, 0) === 10_010;
      }, 'all 10,010 outcomes are stored');
    } finally {
      await client.close();
      await store.close();
      monitor.disconnect();
    }
  });
});
