import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLogSuite } from '../support/audit-log-suite.js';
import { redisForSuite, uniquePrefix } from '../support/redis.js';
import { Cluster } from '../support/redis-deps.js';
import { LocalRedisCluster } from '../support/redis-server.js';
import { configSuite } from '../support/redis-suite-config.js';
import { historySuite } from '../support/redis-suite-history.js';
import { leaseSuite } from '../support/redis-suite-leases.js';
import { metricsSuite } from '../support/redis-suite-metrics.js';
import { stickySuite } from '../support/redis-suite-sticky.js';
import { RedisTarget } from '../support/redis-target.js';

const available = await redisForSuite(
  'RedisStore on a 3-master Redis Cluster (test/redis/cluster.test.ts)',
  'binaries',
);
let cluster: LocalRedisCluster | undefined;
const target = new RedisTarget(
  'cluster',
  () => ({ cluster: { nodes: (cluster as LocalRedisCluster).nodes } }),
  uniquePrefix('cluster'),
);

describe.skipIf(!available)('RedisStore on a 3-master Redis Cluster', () => {
  beforeAll(async () => {
    cluster = await LocalRedisCluster.start(3);
  }, 60_000);
  afterAll(async () => {
    await target.closeAll();
    await cluster?.stop();
  });

  it('the local cluster serves its slots from three masters', async () => {
    const client = new Cluster((cluster as LocalRedisCluster).nodes);
    try {
      const slots = await client.cluster('SLOTS');
      expect(new Set(slots.map((range) => String(range[2]?.[1]))).size).toBe(3);
    } finally {
      client.disconnect();
    }
  });

  configSuite(() => target);
  historySuite(() => target);
  metricsSuite(() => target);
  leaseSuite(() => target);
  stickySuite(() => target);
  let auditStores = 0;
  auditLogSuite('RedisStore on a Cluster', {
    open: async (options) => {
      auditStores += 1;
      const own = `${target.prefix}audit-${auditStores}:`;
      return {
        store: target.store({ prefix: own, ...options }),
        again: async () => target.store({ prefix: own }),
      };
    },
  });
});
