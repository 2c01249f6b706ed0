import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDIS_URL, redisForSuite } from '../support/redis.js';
import { Redis } from '../support/redis-deps.js';
import { buildCliWhenStale, expectExit, runCli, tempDir } from './support/cli.js';

const withRedis = await redisForSuite('rampkit demo --redis (test/cli/demo-redis.test.ts)');
const work = tempDir('demo-redis');

beforeAll(() => buildCliWhenStale());
afterAll(() => work.remove());

describe.skipIf(!withRedis)('rampkit demo --redis runs the same story through Redis', () => {
  it('ends the same way and leaves no key behind', async () => {
    const result = await runCli(
      [
        'demo',
        '--redis',
        REDIS_URL,
        '--time-scale',
        '120',
        '--rps',
        '600',
        '-o',
        join(work.dir, 'redis.html'),
      ],
      {
        cwd: work.dir,
        timeoutMs: 120_000,
      },
    );
    expectExit(result, 0);
    const prefix = /keys under (\S+) \(removed at the end\)/.exec(result.stdout)?.[1];
    expect(prefix).toMatch(/^rampkit-demo:/);
    expect(result.stdout).toMatch(/checkout-v2\s+promoted after/);
    expect(result.stdout).toMatch(/recommendations-v2\s+rolled back after/);
    expect(result.stdout).toMatch(/pricing-page\s+ship annual-first after/);
    expect(result.stdout).toMatch(/search-banner\s+withheld after/);
    const redis = new Redis(REDIS_URL);
    try {
      const [, keys] = await redis.scan('0', 'MATCH', `*${prefix}*`, 'COUNT', 10_000);
      expect(keys).toEqual([]);
    } finally {
      redis.disconnect();
    }
  }, 150_000);
});
