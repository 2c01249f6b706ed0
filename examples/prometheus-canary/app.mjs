/**
 * An app with three canaries (flags.mjs) that exports Rampkit's series for Prometheus to scrape,
 * and sends itself traffic so there is something to judge:
 *
 *   PORT=8080 LOAD_RPS=150 node app.mjs
 *
 *   GET /checkout/<flag>?user=<id>   served by v1 or v2 as the flag's canary decides
 *   GET /metrics                     Prometheus text format
 *
 * A rollout controller anywhere judges the canaries through PromQL (test/prometheus, docs/operating-rollouts.md "Metrics from Prometheus").
 */
import { createServer } from 'node:http';
import { createClient } from '@rampkit/core';
import { registerRampkitMetrics } from '@rampkit/prometheus';
import { Registry } from 'prom-client';
import { FLAGS, flagsConfig } from './flags.mjs';

// The app keeps no metrics store of its own: what it serves reaches the judge through Prometheus.
const rampkit = createClient({ flags: flagsConfig(), metrics: false });
rampkit.on('error', (error) => console.error(`[app] ${error.message}`));
const registry = new Registry();
// Exposures are opt-in (they cost a request): the Grafana dashboard in examples/ charts them.
registerRampkitMetrics(rampkit, { registry, exposures: true });

// Stable fails 1% of its requests; the broken canary a third.
const ERROR_RATE = { v1: 0.01, v2: 0.01 };
const BROKEN_ERROR_RATE = 0.33;

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://app');
  if (url.pathname === '/metrics') {
    registry.metrics().then((text) => {
      res.setHeader('content-type', registry.contentType);
      res.end(text);
    });
    return;
  }
  const flag = url.pathname.startsWith('/checkout/') ? url.pathname.slice('/checkout/'.length) : '';
  if (!FLAGS.includes(flag)) {
    res.statusCode = 404;
    res.end();
    return;
  }
  const started = performance.now();
  const arm = rampkit.variation(
    flag,
    { targetingKey: url.searchParams.get('user') ?? 'anonymous' },
    'stable',
  );
  const version = arm === 'canary' ? 'v2' : 'v1';
  const errorRate = flag === 'checkout-broken' && arm === 'canary' ? BROKEN_ERROR_RATE : ERROR_RATE[version];
  // A few milliseconds of work, the same in both arms.
  setTimeout(
    () => {
      const failed = Math.random() < errorRate;
      res.statusCode = failed ? 500 : 200;
      res.end(`checkout ${version}`);
      rampkit.record(flag, arm, { error: failed, latencyMs: performance.now() - started });
    },
    2 + Math.random() * 8,
  );
});

let load;
function startLoad(port, rps) {
  let sent = 0;
  // Requests go out in small batches every 20 ms, spread over the flags.
  load = setInterval(() => {
    for (let i = 0; i < Math.max(1, Math.round(rps / 50)); i += 1) {
      sent += 1;
      const flag = FLAGS[sent % FLAGS.length];
      fetch(`http://127.0.0.1:${port}/checkout/${flag}?user=u${Math.floor(Math.random() * 1e9)}`)
        .then((response) => response.arrayBuffer())
        .catch(() => undefined);
    }
  }, 20);
}

await rampkit.ready();
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const { port } = server.address();
  const rps = Number(process.env.LOAD_RPS ?? 0);
  if (rps > 0) startLoad(port, rps);
  process.send?.({ type: 'listening', port });
  if (!process.send) console.log(`[app] listening on http://127.0.0.1:${port} (metrics at /metrics)`);
});

async function shutdown() {
  clearInterval(load);
  server.close();
  await rampkit.close();
  process.exit(0);
}
process.on('SIGTERM', shutdown);
process.on('message', (message) => message === 'shutdown' && shutdown());
