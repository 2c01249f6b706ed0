import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { REDIS_URL } from '../support/redis.js';
import { RedisStore } from '../support/redis-deps.js';
import { canaryFlag, expectExit, fastPlan, runCli } from './support/cli.js';
import { feedMetrics } from './support/synthetic-traffic.js';
import { redisWorkspace } from './support/workspace.js';

const { available, prefix, store, work } = await redisWorkspace(
  'cli',
  'rampkit CLI against Redis (test/cli/redis.test.ts)',
);

describe.skipIf(!available)('the CLI against Redis', () => {
  const traffic = new RedisStore({ url: REDIS_URL, prefix });
  afterAll(() => traffic.close());
  const plan = (id: string, flag: string) => work.file(id, fastPlan(id, flag));

  it('sets and lists flags', async () => {
    const set = await runCli([
      'flags',
      'set',
      '--inline',
      JSON.stringify([canaryFlag('pay'), canaryFlag('cart')]),
      ...store,
    ]);
    expectExit(set, 0);
    const list = await runCli(['flags', 'list', '--json', ...store]);
    expectExit(list, 0);
    expect(JSON.parse(list.stdout)).toMatchObject({ version: 1, flags: [{ key: 'pay' }, { key: 'cart' }] });
  });

  it('rollout run promotes a healthy canary (exit 0) and rolls a failing one back (exit 1)', async () => {
    const stopPay = feedMetrics(traffic, 'pay', { stable: 0.02, canary: 0.01 });
    const stopCart = feedMetrics(traffic, 'cart', { stable: 0.01, canary: 0.3 });
    const args = ['--poll-interval', '200ms', '--json', ...store];
    const [pay, cart] = await Promise.all([
      runCli(['rollout', 'run', plan('pay-v2', 'pay'), '--wait', ...args], { timeoutMs: 45_000 }),
      runCli(['rollout', 'run', plan('cart-v2', 'cart'), '--wait', ...args], { timeoutMs: 45_000 }),
    ]);
    await Promise.all([stopPay(), stopCart()]);
    expectExit(pay, 0);
    expect(JSON.parse(pay.stdout)).toMatchObject({ id: 'pay-v2', status: 'promoted', weight: 100 });
    expectExit(cart, 1);
    expect(JSON.parse(cart.stdout)).toMatchObject({ id: 'cart-v2', status: 'rolledBack', weight: 0 });
    const flags = JSON.parse((await runCli(['flags', 'list', '--json', ...store])).stdout).flags;
    expect(flags.find((f: { key: string }) => f.key === 'pay').fallthrough.split.weights[0]).toEqual({
      variation: 'canary',
      weight: 10_000,
    });
  });

  it('reports a rollout from the metrics Redis holds', async () => {
    const result = await runCli(['report', 'cart-v2', '--format', 'json', ...store]);
    expectExit(result, 0);
    const data = JSON.parse(result.stdout);
    expect(data.arms.source).toBe('metrics');
    expect(data.transitions.at(-1)).toMatchObject({ type: 'rolledBack' });
  });
});

describe('an unreachable Redis exits 3, never showing its password', () => {
  it('names the URL without the password', async () => {
    const port = await closedPort();
    const url = `redis://:s3cret-pw@127.0.0.1:${port}`;
    const result = await runCli(['rollout', 'list', '--store', url, '--store-timeout', '1s', '--json']);
    expectExit(result, 3);
    expect(result.stderr).toContain(`store redis://:***@127.0.0.1:${port} is unreachable`);
    expect(JSON.parse(result.stdout).error.code).toBe('RAMPKIT_STORE_UNAVAILABLE');
    expect(result.stdout + result.stderr).not.toContain('s3cret-pw');
  });

  it('says the connection was refused, without waiting out --store-timeout first', async () => {
    const port = await closedPort();
    const result = await runCli([
      'flags',
      'list',
      '--store',
      `redis://127.0.0.1:${port}`,
      '--store-timeout',
      '60s',
    ]);
    expectExit(result, 3);
    expect(result.stderr).toContain(`cannot connect to Redis: connect ECONNREFUSED 127.0.0.1:${port}`);
    expect(result.stderr).not.toContain('did not become ready');
  });
});

/** A loopback port nothing listens on. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
