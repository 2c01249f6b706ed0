import { createRequire } from 'node:module';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupPrefix, REDIS_URL, redisForSuite, uniquePrefix } from '../support/redis.js';
import type { RedisStoreOptions } from '../support/redis-deps.js';
import { configSuite } from '../support/redis-suite-config.js';
import { historySuite } from '../support/redis-suite-history.js';
import { leaseSuite } from '../support/redis-suite-leases.js';
import { metricsSuite } from '../support/redis-suite-metrics.js';
import { stickySuite } from '../support/redis-suite-sticky.js';
import { RedisTarget } from '../support/redis-target.js';

// The peer range is `^5.4.0 || ^6.0.0`; the workspace builds against 6. ioredis 5 is installed
// under the alias `ioredis5` and its clients are handed to the store, which runs every suite on them.
const require = createRequire(import.meta.url);
const { Redis: Redis5 } = require('ioredis5') as {
  Redis: new (url: string, options: object) => NonNullable<RedisStoreOptions['client']>;
};

const available = await redisForSuite('RedisStore on ioredis 5 clients (test/redis/ioredis5.test.ts)');
const prefix = uniquePrefix('ioredis5');
// The settings the store gives the clients it creates (see the `client` option).
const target = new RedisTarget(
  'ioredis 5',
  () => ({
    client: new Redis5(REDIS_URL, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: 2_000,
    }),
  }),
  prefix,
);

describe.skipIf(!available)('RedisStore on ioredis 5 clients', () => {
  afterAll(() => cleanupPrefix(prefix));
  it('runs on ioredis 5', () => {
    expect((require('ioredis5/package.json') as { version: string }).version).toMatch(/^5\./);
  });
  configSuite(() => target);
  historySuite(() => target);
  metricsSuite(() => target);
  leaseSuite(() => target);
  stickySuite(() => target);
});
