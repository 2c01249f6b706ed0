/**
 * One instance of the app: a plain node:http server whose Rampkit client follows the flags in
 * Redis and reports each request's outcome there. Run several; they share both.
 *
 *   REDIS_URL=redis://127.0.0.1:6379 RAMPKIT_PREFIX=example: INSTANCE=app-1 node app.mjs
 *
 *   GET /checkout?user=<id>   served by v1 or v2 as the `checkout-v2` canary decides
 *   GET /status               { instance, version, canaryShare }
 */
import { createServer } from 'node:http';
import { createClient } from '@rampkit/core';
import { RedisStore } from '@rampkit/redis';

const instance = process.env.INSTANCE ?? `app-${process.pid}`;
const store = new RedisStore({
  url: process.env.REDIS_URL,
  prefix: process.env.RAMPKIT_PREFIX ?? 'example:',
});
// One-second windows: a rollout's analysis (rollout.mjs) sees each instance's traffic within a second.
const rampkit = createClient({ store, instanceId: instance, flushIntervalMs: 500, metricsWindowMs: 1000 });
rampkit.on('error', (error) => console.error(`[${instance}] ${error.message}`));
rampkit.on('stale', () => console.error(`[${instance}] Redis connection lost: serving the last flags`));

// v1 fails about 1% of requests. By default the new checkout fails a little more often (5%): the
// metrics will show it. rollout.mjs sets CANARY_ERROR_RATE to tell a healthy or a broken story.
const canaryErrorRate = Number(process.env.CANARY_ERROR_RATE ?? '0.05');
const handlers = {
  stable: (user) => ({ status: user.endsWith('7') && Math.random() < 0.1 ? 500 : 200, body: 'checkout v1' }),
  canary: () => ({ status: Math.random() < canaryErrorRate ? 500 : 200, body: 'checkout v2' }),
};

function canaryShare() {
  let canary = 0;
  for (let i = 0; i < 2_000; i += 1) {
    if (rampkit.variation('checkout-v2', { targetingKey: `probe-${i}` }) === 'canary') canary += 1;
  }
  return canary / 2_000;
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://app');
  if (url.pathname === '/status') {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ instance, version: rampkit.configVersion, canaryShare: canaryShare() }));
    return;
  }
  if (url.pathname !== '/checkout') {
    res.statusCode = 404;
    res.end();
    return;
  }
  const started = performance.now();
  const user = url.searchParams.get('user') ?? 'anonymous';
  const arm = rampkit.variation('checkout-v2', { targetingKey: user }, 'stable');
  const { status, body } = (handlers[arm] ?? handlers.stable)(user);
  res.statusCode = status;
  res.setHeader('x-variation', arm);
  res.end(body);
  rampkit.record('checkout-v2', arm, { error: status >= 500, latencyMs: performance.now() - started });
});

await rampkit.ready();
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  process.send?.({ type: 'listening', instance, port });
  if (!process.send) console.log(`[${instance}] listening on http://127.0.0.1:${port}`);
});

async function shutdown() {
  server.close();
  await rampkit.close(); // flushes the last outcomes
  await store.close();
  process.exit(0);
}
process.on('SIGTERM', shutdown);
process.on('message', (message) => message === 'shutdown' && shutdown());
