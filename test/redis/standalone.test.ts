import { afterAll, describe, expect, it } from 'vitest';
import { auditLogSuite } from '../support/audit-log-suite.js';
import { cleanupPrefix, REDIS_URL, redisForSuite, uniquePrefix } from '../support/redis.js';
import { Redis, RedisStore } from '../support/redis-deps.js';
import { flag } from '../support/redis-fixtures.js';
import { configSuite } from '../support/redis-suite-config.js';
import { experimentDataSuite } from '../support/redis-suite-experiments.js';
import { historySuite } from '../support/redis-suite-history.js';
import { leaseSuite } from '../support/redis-suite-leases.js';
import { metricsSuite } from '../support/redis-suite-metrics.js';
import { stickySuite } from '../support/redis-suite-sticky.js';
import { RedisTarget } from '../support/redis-target.js';

const available = await redisForSuite('RedisStore on a standalone Redis (test/redis/standalone.test.ts)');
const prefix = uniquePrefix('standalone');
const target = new RedisTarget('standalone', () => ({ url: REDIS_URL }), prefix);

describe.skipIf(!available)('RedisStore on a standalone Redis', () => {
  afterAll(() => cleanupPrefix(prefix));
  configSuite(() => target);
  historySuite(() => target);
  metricsSuite(() => target);
  leaseSuite(() => target);
  stickySuite(() => target);
  experimentDataSuite(
    () => target,
    () => REDIS_URL,
  );

  describe('an ioredis client you pass in is used and left open', () => {
    it('the store runs its scripts on your client and does not close it', async () => {
      const client = new Redis(REDIS_URL);
      try {
        const store = new RedisStore({ client, prefix: `${prefix}own-client:` });
        expect(store.client).toBe(client);
        const written = await store.writeConfig({ flags: [flag('a')] }, { expectedVersion: 0 });
        expect((await store.loadConfig())?.version).toBe(written.version);
        await store.close();
        expect(await client.ping()).toBe('PONG');
      } finally {
        client.disconnect();
      }
    });
  });
});

let auditStores = 0;
describe.skipIf(!available)('RedisStore on a standalone Redis: the audit log', () => {
  afterAll(() => target.closeAll());
  auditLogSuite('RedisStore', {
    open: async (options) => {
      auditStores += 1;
      const own = `${prefix}audit-${auditStores}:`;
      return {
        store: target.store({ prefix: own, ...options }),
        again: async () => target.store({ prefix: own }),
      };
    },
  });
});
