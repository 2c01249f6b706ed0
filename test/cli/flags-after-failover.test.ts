import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupPrefix, REDIS_URL, redisForSuite, uniquePrefix } from '../support/redis.js';
import { createClient, isConfigHistoryError, RedisStore } from '../support/redis-deps.js';
import { eventually } from '../support/redis-fixtures.js';
import { buildCliWhenStale, canaryFlag, expectExit, runCli } from './support/cli.js';

const available = await redisForSuite(
  'rampkit flags disable after a lossy Redis failover (test/cli/flags-after-failover.test.ts)',
);
const prefix = uniquePrefix('cli-failover');
const store = ['--store', REDIS_URL, '--prefix', prefix];

beforeAll(() => buildCliWhenStale());

describe.skipIf(!available)('rampkit flags disable after a failover that lost writes', () => {
  // An app instance: a poll this slow never runs during the test, so only pub/sub can deliver.
  const app = new RedisStore({ url: REDIS_URL, prefix, pollIntervalMs: 600_000 });
  const client = createClient({ store: app });
  const errors: Error[] = [];
  client.on('error', (error) => errors.push(error));
  afterAll(async () => {
    await client.close();
    await app.close();
    await cleanupPrefix(prefix);
  });

  it('the kill switch reaches a running app, which reports the lost writes once', async () => {
    expectExit(
      await runCli([
        'flags',
        'set',
        '--inline',
        JSON.stringify([canaryFlag('pay'), canaryFlag('cart')]),
        ...store,
      ]),
      0,
    );
    await client.ready();
    expect(client.configVersion).toBe(1);
    // What the replica holds when the master dies: version 1. It never gets version 2.
    const replica = await app.client.dumpBuffer(app.keys.config);
    expectExit(await runCli(['flags', 'disable', 'cart', ...store]), 0);
    await eventually(() => client.configVersion === 2, 'the app has version 2');
    expect(client.evaluate('cart', { targetingKey: 'u1' }).reason).toBe('DISABLED');

    // The replica takes over: the store holds version 1 again, cart enabled.
    await app.client.restore(app.keys.config, 0, replica, 'REPLACE');

    const disable = await runCli(['flags', 'disable', 'pay', '--json', ...store]);
    expectExit(disable, 0);
    expect(JSON.parse(disable.stdout)).toMatchObject({
      key: 'pay',
      enabled: false,
      changed: true,
      version: 2,
    });
    await eventually(
      () => client.evaluate('pay', { targetingKey: 'u1' }).reason === 'DISABLED',
      'the app serves pay disabled',
    );
    // The app follows the store: cart's kill switch was lost with version 2.
    expect(client.evaluate('cart', { targetingKey: 'u1' }).reason).not.toBe('DISABLED');
    expect(errors.filter(isConfigHistoryError)).toHaveLength(1);
  });
});
