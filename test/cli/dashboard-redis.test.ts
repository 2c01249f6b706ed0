import { type ChildProcess, spawn } from 'node:child_process';
import { createRolloutController, type RolloutController } from '@rampkit/rollout';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupPrefix, REDIS_URL, redisForSuite, uniquePrefix } from '../support/redis.js';
import { type FlagDefinition, RedisStore } from '../support/redis-deps.js';
import { CHROMIUM, chromiumForSuite } from './support/chromium.js';
import { buildCliWhenStale, CLI_BIN, canaryFlag, fastPlan } from './support/cli.js';
import { feedMetrics } from './support/synthetic-traffic.js';

const SUITE = 'the dashboard on Redis in headless Chromium (test/cli/dashboard-redis.test.ts)';
const withRedis = await redisForSuite(SUITE);
// CI runs every end-to-end suite: a Redis that does not answer there is a failure, not a skip.
if (!withRedis && process.env.CI === 'true') throw new Error(`${SUITE}: no Redis answers at ${REDIS_URL}`);
const withBrowser = chromiumForSuite(SUITE);
const prefix = uniquePrefix('dashboard');
const SECRET = 'redis-e2e-secret-0123456789';
/** How long a live change may take to show on a loaded machine. */
const LIVE = { timeout: 30_000, interval: 100 };

let browser: Browser;
let dashboard: ChildProcess | undefined;
let url = '';
const stores: RedisStore[] = [];
const controllers: RolloutController[] = [];
const stops: Array<() => Promise<void>> = [];

/** A client of the same Redis and prefix as the dashboard: another process, as far as it knows. */
function redisStore(): RedisStore {
  const store = new RedisStore({ url: REDIS_URL, prefix });
  stores.push(store);
  return store;
}

/** `rampkit dashboard --store redis://… --prefix …` as a release engineer starts it. */
async function serveDashboard(): Promise<string> {
  const child = spawn(
    process.execPath,
    [CLI_BIN, 'dashboard', '--store', REDIS_URL, '--prefix', prefix, '--port', '0'],
    {
      env: {
        ...process.env,
        NO_COLOR: '1',
        RAMPKIT_STORE: undefined,
        RAMPKIT_DASHBOARD_TOKEN: `alice:${SECRET}`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  dashboard = child;
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the dashboard printed no address:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const found = /dashboard {2}(http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (found === null) return;
      clearTimeout(timer);
      resolve(found[1] as string);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`the dashboard exited (${code}):\n${output}`)));
  });
}

beforeAll(async () => {
  await buildCliWhenStale();
  if (!withRedis || !withBrowser) return;
  const store = redisStore();
  await store.writeConfig(
    { flags: [canaryFlag('checkout') as unknown as FlagDefinition] },
    { expectedVersion: 0, audit: { actor: 'setup', action: 'flags.set' } },
  );
  url = await serveDashboard();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (dashboard !== undefined && dashboard.exitCode === null) {
    const exited = new Promise((resolve) => dashboard?.once('exit', resolve));
    dashboard.kill('SIGINT');
    await exited;
  }
  for (const stop of stops) await stop();
  for (const controller of controllers) await controller.close();
  for (const store of stores) await store.close();
  if (withRedis) await cleanupPrefix(prefix);
}, 60_000);

describe.skipIf(!withRedis || !withBrowser)('the dashboard served by the CLI against Redis', () => {
  it('shows a rollout another client drives, live, and pauses it for every client of the store', async () => {
    // The operator's CLI starts the rollout; an app's controller, on its own connection, drives it.
    const cli = createRolloutController({ store: redisStore(), drive: false, instanceId: 'test-cli' });
    controllers.push(cli);
    await cli.start({
      ...fastPlan('checkout-v2', 'checkout'),
      steps: [{ weight: 10, hold: '1s' }, { approval: true }, { weight: 50, hold: '1s' }, { weight: 100 }],
    } as never);
    stops.push(feedMetrics(redisStore(), 'checkout', { stable: 0.01, canary: 0.01 }, { perTick: 60 }));

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    await page.goto(`${url}/login?token=${SECRET}`);
    await page.goto(`${url}/rollouts/checkout-v2`, { waitUntil: 'load' });
    const position = page.getByTestId('rollout-position');
    await expect.poll(() => position.textContent(), LIVE).toContain('before step 1');
    await page.evaluate(() => {
      (globalThis as unknown as { marker: number }).marker = 26;
    });

    controllers.push(
      createRolloutController({ store: redisStore(), pollInterval: 200, instanceId: 'test-app' }),
    );
    await expect.poll(() => position.textContent(), LIVE).toMatch(/step 1 of 4/);
    await expect.poll(() => position.textContent(), LIVE).toMatch(/step 2 of 4 · approval/);
    // Followed over server-sent events: the page was never reloaded.
    expect(await page.evaluate(() => (globalThis as unknown as { marker?: number }).marker)).toBe(26);
    await expect(page.locator('section.summary').textContent()).resolves.toContain('test-app');

    await page.locator('a[data-action=pause]').click();
    await page.getByLabel(/^Reason/).fill('holding for the 14:00 traffic peak');
    await page.getByTestId('confirm').click();
    await page.waitForURL(/\/rollouts\/checkout-v2$/);
    await expect.poll(() => page.getByTestId('rollout-status').textContent(), LIVE).toBe('paused');
    // Another client of the same Redis sees the pause, with who asked and why.
    expect((await cli.status('checkout-v2')).status).toBe('paused');
    const paused = (await cli.history('checkout-v2')).find(
      (entry) => entry.kind === 'transition' && entry.type === 'paused',
    );
    expect(paused).toMatchObject({ by: 'dashboard:alice', reason: 'holding for the 14:00 traffic peak' });
    expect(problems.join('\n')).toBe('');
    await context.close();
  }, 120_000);
});
