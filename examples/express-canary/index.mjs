// An Express app with Rampkit, run against itself: `node examples/express-canary/index.mjs`.
// It starts on 127.0.0.1, sends traffic from simulated users, ramps a canary 5% → 25% → 50% while
// the canary arm fails 8% of its requests, and prints what each arm saw. Takes a few seconds.
import { createServer } from 'node:http';
import { createClient, MemoryStore } from '@rampkit/core';
import { canary, rampkit } from '@rampkit/express';
import express from 'express';

function flags(canaryPercent) {
  return {
    flags: [
      {
        key: 'new-checkout',
        description: 'A feature flag: on for 50% of users, outcomes tracked',
        track: true,
        variations: { on: true, off: false },
        offVariation: 'off',
        fallthrough: {
          split: {
            weights: [
              { variation: 'on', weight: 5000 },
              { variation: 'off', weight: 5000 },
            ],
          },
        },
      },
      {
        key: 'payments-v2',
        description: 'A canary: the new payments handler for a share of users (tracked by default)',
        kind: 'canary',
        variations: { canary: 'v2', stable: 'v1' },
        offVariation: 'stable',
        fallthrough: {
          split: {
            weights: [
              { variation: 'canary', weight: canaryPercent * 100 },
              { variation: 'stable', weight: 10_000 - canaryPercent * 100 },
            ],
          },
        },
      },
      {
        key: 'banner-copy',
        description: 'An A/B test of two headlines',
        kind: 'experiment',
        track: true,
        variations: { control: 'Welcome back', shorter: 'Hi!' },
        offVariation: 'control',
        fallthrough: {
          split: {
            weights: [
              { variation: 'control', weight: 5000 },
              { variation: 'shorter', weight: 5000 },
            ],
          },
        },
      },
    ],
  };
}

const store = new MemoryStore({ config: flags(5) });
// Short metrics windows so that each ramp step below reads only its own traffic.
const WINDOW_MS = 250;
const client = createClient({ store, metricsWindowMs: WINDOW_MS, flushIntervalMs: 200 });
await client.ready();

let canaryCalls = 0;
const app = express();
app.use(rampkit(client, { variationsHeader: true }));

app.get('/', (req, res) => {
  res.json({
    newCheckout: req.flags.isEnabled('new-checkout'),
    banner: req.flags.value('banner-copy', 'Welcome back'),
  });
});

app.post(
  '/pay',
  canary('payments-v2', {
    stable: (_req, res) => {
      res.json({ paidWith: 'v1' });
    },
    // The canary has a bug: one request in twelve fails.
    canary: async (_req, res) => {
      canaryCalls += 1;
      if (canaryCalls % 12 === 0) throw new Error('v2: card declined');
      res.json({ paidWith: 'v2' });
    },
  }),
);

app.use((_error, _req, res, _next) => {
  res.status(500).json({ error: 'payment failed' });
});

const server = createServer(app).listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
const base = `http://127.0.0.1:${server.address().port}`;
const line = (text = '') => console.log(text);

// 1. Flags for one user, and for an anonymous visitor (who gets an id cookie and keeps it)
const alice = await fetch(`${base}/`, { headers: { 'x-user-id': 'alice' } });
line(`1. alice sees ${JSON.stringify(await alice.json())}`);
line(`   variations served: ${alice.headers.get('x-rampkit-variations')}`);
const anonymous = await fetch(`${base}/`);
const cookie = anonymous.headers.get('set-cookie');
line(`   an anonymous visitor sees ${JSON.stringify(await anonymous.json())} and gets`);
line(`     Set-Cookie: ${cookie}`);
const again = await fetch(`${base}/`, { headers: { cookie: cookie.split(';')[0] } });
line(`   sending it back, they see the same: ${JSON.stringify(await again.json())}`);

// 2. Ramp the canary; every step sends traffic from 600 users and reads the arms' outcomes back
async function traffic(users) {
  const queue = Array.from({ length: users }, (_, i) => `user-${i}`);
  const worker = async () => {
    for (let user = queue.pop(); user !== undefined; user = queue.pop()) {
      const response = await fetch(`${base}/pay`, {
        method: 'POST',
        headers: { 'x-user-id': user },
      });
      await response.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}

line();
line('2. Ramping payments-v2 (the canary fails ~8% of its requests):');
for (const percent of [5, 25, 50]) {
  const current = await store.loadConfig();
  await store.writeConfig(flags(percent), { expectedVersion: current.version });
  // Start in a fresh metrics window, so this step's numbers are its own.
  await new Promise((resolve) => setTimeout(resolve, WINDOW_MS + 50));
  const from = Math.floor(Date.now() / WINDOW_MS) * WINDOW_MS;
  await traffic(600);
  await client.flush();
  const arms = await store.readMetrics({ flagKey: 'payments-v2', from, to: Date.now() + WINDOW_MS });
  line(`   at ${String(percent).padStart(2)}%:`);
  for (const arm of arms
    .filter((a) => a.requests > 0)
    .sort((a, b) => a.variation.localeCompare(b.variation))) {
    line(
      `     ${arm.variation.padEnd(6)} requests=${String(arm.requests).padStart(4)} ` +
        `errors=${String(arm.errors).padStart(3)} errorRate=${(arm.errorRate * 100).toFixed(1)}% p99=${arm.p99.toFixed(1)} ms`,
    );
  }
}
line('   A rollout controller reading these numbers would roll the canary back.');

// 3. The A/B test: how the two headlines split 600 users
const headlines = new Map();
for (let i = 0; i < 600; i++) {
  const body = await (await fetch(`${base}/`, { headers: { 'x-user-id': `user-${i}` } })).json();
  headlines.set(body.banner, (headlines.get(body.banner) ?? 0) + 1);
}
line();
line(`3. banner-copy A/B test over 600 users: ${[...headlines].map(([k, v]) => `"${k}" ${v}`).join(', ')}`);

server.close();
server.closeAllConnections();
await client.close();
