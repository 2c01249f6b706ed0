// A Fastify app with Rampkit, run against itself: `node examples/fastify-ab/index.mjs`.
// It starts on 127.0.0.1 and sends traffic from simulated users to an A/B test of two checkout
// pages, a feature flag and a canary route, then prints conversions and per-arm outcomes.
import { createClient, MemoryStore } from '@rampkit/core';
import { canary, rampkit } from '@rampkit/fastify';
import Fastify from 'fastify';

const config = {
  flags: [
    {
      key: 'checkout-page',
      description: 'A/B test: the one-page checkout against the current three steps',
      kind: 'experiment',
      track: true,
      variations: { control: 'three-steps', treatment: 'one-page' },
      offVariation: 'control',
      fallthrough: {
        split: {
          weights: [
            { variation: 'control', weight: 5000 },
            { variation: 'treatment', weight: 5000 },
          ],
        },
      },
    },
    {
      key: 'dark-mode',
      description: 'A feature flag: on for beta testers only',
      variations: { on: true, off: false },
      offVariation: 'off',
      rules: [{ conditions: [{ attribute: 'beta', op: 'in', values: ['yes'] }], variation: 'on' }],
      fallthrough: { variation: 'off' },
    },
    {
      key: 'search-v2',
      description: 'A canary at 20%: the new search backend',
      kind: 'canary',
      variations: { canary: 'v2', stable: 'v1' },
      offVariation: 'stable',
      fallthrough: {
        split: {
          weights: [
            { variation: 'canary', weight: 2000 },
            { variation: 'stable', weight: 8000 },
          ],
        },
      },
    },
  ],
};

const store = new MemoryStore({ config });
const client = createClient({ store, flushIntervalMs: 200 });
await client.ready();

const fastify = Fastify();
await fastify.register(rampkit, {
  client,
  // Add an attribute from the request to the default context (user id, ip, user agent).
  context: (request, defaults) => ({ ...defaults, beta: String(request.headers['x-beta'] ?? 'no') }),
});

// The A/B test: one route, the page chosen per user; a "purchase" converts more often on one-page.
const conversions = { control: { views: 0, purchases: 0 }, treatment: { views: 0, purchases: 0 } };
fastify.get('/checkout', async (request) => {
  const arm = request.flags.variation('checkout-page', 'control');
  const page = request.flags.value('checkout-page', 'three-steps');
  return { arm, page, darkMode: request.flags.isEnabled('dark-mode') };
});
fastify.post('/purchase', async (request) => {
  const arm = request.flags.variation('checkout-page', 'control');
  conversions[arm].purchases += 1;
  return { ok: true };
});

// The canary: v2 is slower (about 15 ms) but correct.
fastify.get(
  '/search',
  canary('search-v2', {
    stable: async () => ({ results: 10, backend: 'v1' }),
    canary: async () => {
      await new Promise((resolve) => setTimeout(resolve, 15));
      return { results: 10, backend: 'v2' };
    },
  }),
);

const base = await fastify.listen({ port: 0, host: '127.0.0.1' });
const line = (text = '') => console.log(text);

// 1. Flags for two users
for (const [user, beta] of [
  ['alice', 'yes'],
  ['bob', 'no'],
]) {
  const body = await (
    await fetch(`${base}/checkout`, { headers: { 'x-user-id': user, 'x-beta': beta } })
  ).json();
  line(`1. ${user} (beta: ${beta}) gets ${JSON.stringify(body)}`);
}

// 2. 1,000 users view the checkout; one-page converts at ~30%, three-steps at ~20%
let seed = 7;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};
for (let i = 0; i < 1000; i++) {
  const headers = { 'x-user-id': `user-${i}` };
  const { arm } = await (await fetch(`${base}/checkout`, { headers })).json();
  conversions[arm].views += 1;
  if (random() < (arm === 'treatment' ? 0.3 : 0.2))
    await (await fetch(`${base}/purchase`, { method: 'POST', headers })).json();
}
line();
line('2. checkout-page A/B test over 1,000 users:');
for (const [arm, { views, purchases }] of Object.entries(conversions)) {
  line(
    `   ${arm.padEnd(9)} views=${views} purchases=${purchases} conversion=${((purchases / views) * 100).toFixed(1)}%`,
  );
}

await client.flush();
const recorded = await store.readMetrics({ flagKey: 'checkout-page', from: 0, to: Date.now() + 60_000 });
line(
  `   outcomes recorded (track: true): ${recorded
    .map((arm) => `${arm.variation} ${arm.requests} requests, ${arm.errors} errors`)
    .join('; ')}`,
);

// 3. The canary route under traffic from 500 users, and what each arm recorded
for (let i = 0; i < 500; i++) {
  await (await fetch(`${base}/search`, { headers: { 'x-user-id': `user-${i}` } })).arrayBuffer();
}
await client.flush();
const arms = await store.readMetrics({ flagKey: 'search-v2', from: 0, to: Date.now() + 60_000 });
line();
line('3. search-v2 canary at 20% over 500 users:');
for (const arm of arms.sort((a, b) => a.variation.localeCompare(b.variation))) {
  line(
    `   ${arm.variation.padEnd(6)} requests=${arm.requests} errors=${arm.errors} ` +
      `p50=${arm.p50.toFixed(1)} ms p99=${arm.p99.toFixed(1)} ms`,
  );
}
line('   The canary is healthy but slower: a latency check would hold it here.');

await fastify.close();
await client.close();
