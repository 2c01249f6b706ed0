import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupPrefix, REDIS_URL, redisForSuite, uniquePrefix } from '../support/redis.js';
import {
  type InstanceProcess,
  killAllInstances,
  spawnInstances,
  stopAll,
} from '../support/redis-children.js';
import { RedisStore } from '../support/redis-deps.js';
import { eventually, flag } from '../support/redis-fixtures.js';

const available = await redisForSuite('flag changes reach 8 processes (test/redis/propagation.test.ts)');
const prefix = uniquePrefix('propagation');

describe.skipIf(!available)('a flag change reaches every instance through Redis', () => {
  let writer: RedisStore;
  let instances: InstanceProcess[] = [];

  beforeAll(async () => {
    writer = new RedisStore({ url: REDIS_URL, prefix });
    await writer.writeConfig({ flags: [flag('banner', 'off')] }, { expectedVersion: 0 });
    instances = await spawnInstances(8, { REDIS_URL, RK_PREFIX: prefix, RK_POLL_MS: '1000' });
  });

  afterAll(async () => {
    await stopAll(instances).finally(killAllInstances);
    await writer?.close();
    await cleanupPrefix(prefix);
  });

  it('8 child processes converge on each of five successive changes', async () => {
    for (const instance of instances) expect((await instance.request({ type: 'stats' })).version).toBe(1);
    for (let version = 2; version <= 6; version += 1) {
      const variation = version % 2 === 0 ? 'on' : 'off';
      await writer.writeConfig({ flags: [flag('banner', variation)] }, { expectedVersion: version - 1 });
      await eventually(
        () => instances.every((instance) => instance.versions.includes(version)),
        `all 8 instances have version ${version}`,
      );
      for (const instance of instances) {
        const stats = await instance.request({ type: 'stats', flagKey: 'banner' });
        expect(stats).toMatchObject({ version, value: variation, exceptions: [] });
      }
    }
  });
});
