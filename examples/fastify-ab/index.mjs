// A Fastify app with Rampkit, run against itself: `node examples/fastify-ab/index.mjs`.
// It starts on 127.0.0.1 and sends traffic from simulated users to an A/B test of two checkout
// pages, a feature flag and a canary route, then prints the A/B test's analysis (lift, interval,
// p-value, decision, sample-ratio check) and the canary's per-arm outcomes.
import { createClient, MemoryStore } from '@rampkit/core';
import {
  analyzeExperiment,
  buildStatistics,
  unitsFromTracking,
  validateExperiment,
} from '@rampkit/experiments';
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
// experimentData: record exposures from the first request on, not from the first track() call.
const client = createClient({ store, experimentData: store, flushIntervalMs: 200 });
await client.ready();

const fastify = Fastify();
await fastify.register(rampkit, {
  client,
  // Add an attribute from the request to the default context (user id, ip, user agent).
  context: (request, defaults) => ({ ...defaults, beta: String(request.headers['x-beta'] ?? 'no') }),
});

// The A/B test: one route, the page chosen per user; a "purchase" converts more often on one-page.
fastify.get('/checkout', async (request) => {
  const arm = request.flags.variation('checkout-page', 'control');
  const page = request.flags.value('checkout-page', 'three-steps');
  return { arm, page, darkMode: request.flags.isEnabled('dark-mode') };
});
fastify.post('/purchase', async (request) => {
  // Counted in the arm the user was first shown (attribution), whatever this request serves.
  request.flags.track('purchase');
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

// 2. 3,000 users view the checkout; one-page converts at ~30%, three-steps at ~20%
let seed = 7;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};
const visit = async (user, draw) => {
  const headers = { 'x-user-id': user };
  const { arm } = await (await fetch(`${base}/checkout`, { headers })).json();
  if (draw < (arm === 'treatment' ? 0.3 : 0.2))
    await (await fetch(`${base}/purchase`, { method: 'POST', headers })).json();
};
// 50 users at a time; each user's draw is taken in order, so every run buys the same way.
for (let i = 0; i < 3000; i += 50) {
  await Promise.all(Array.from({ length: 50 }, (_, j) => visit(`user-${i + j}`, random())));
}

// What the engine makes of the tracked units: the same read `rampkit experiment report` prints.
await client.flush();
const experiment = validateExperiment({
  key: 'checkout-page',
  arms: [
    { key: 'control', weight: 5000 },
    { key: 'treatment', weight: 5000 },
  ],
  control: 'control',
  metrics: [{ key: 'purchase', kind: 'binomial' }],
});
const units = unitsFromTracking(experiment, await store.readExperimentUnits('checkout-page'));
const result = analyzeExperiment(experiment, buildStatistics(experiment, units));
const [purchase] = result.metrics;
const [treatment] = purchase.comparisons;
const pct = (value) => `${(value * 100).toFixed(1)}%`;
// A null end is unbounded: the interval is still open on that side.
const bound = (value, unbounded) => (value === null ? unbounded : pct(value));
line();
line(`2. checkout-page A/B test over ${result.units} users (purchase, sequential, α ${result.alpha}):`);
for (const arm of [purchase.control, treatment.treatment]) {
  line(`   ${arm.arm.padEnd(9)} units=${arm.units} conversion=${pct(arm.estimate)}`);
}
const { lower, upper } = treatment.relative.interval;
line(
  `   lift ${pct(treatment.relative.estimate)} [${bound(lower, '-∞')}, ${bound(upper, '+∞')}] p=${treatment.pValue.toPrecision(2)} verdict=${treatment.verdict}`,
);
line(
  `   sample ratio ${result.srm.flagged ? 'MISMATCH' : 'ok'} (p=${result.srm.pValue.toPrecision(2)}): ${result.srm.arms
    .map((arm) => `${arm.arm} ${arm.units}`)
    .join(', ')}`,
);
line(
  `   decision: ${result.decision.action}${result.decision.arm ? ` ${result.decision.arm}` : ''} — ${result.decision.reason}`,
);

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
