// What a new user's first ESM app does with the packed packages: evaluate flags, serve a canary route
// through the Express middleware, and let a rollout controller promote the canary on a MemoryStore.
// Prints one JSON line for test/packaging/pack-install.test.ts to check.
import { createClient, MemoryStore } from '@rampkit/core';
import { canary, rampkit } from '@rampkit/express';
import { createRolloutController } from '@rampkit/rollout';
import express from 'express';

const store = new MemoryStore({
  config: {
    flags: [
      {
        key: 'new-search',
        variations: { on: true, off: false },
        offVariation: 'off',
        rules: [{ conditions: [{ attribute: 'plan', op: 'in', values: ['beta'] }], variation: 'on' }],
        fallthrough: { variation: 'off' },
      },
      {
        key: 'checkout',
        kind: 'canary',
        variations: { canary: 'v2', stable: 'v1' },
        offVariation: 'stable',
        fallthrough: { variation: 'stable' },
      },
    ],
  },
});
const client = createClient({ store });
await client.ready();
const evaluation = client.evaluate('new-search', { targetingKey: 'user-42', plan: 'beta' });

const app = express();
app.use(rampkit(client));
app.get(
  '/checkout',
  canary('checkout', { stable: (_req, res) => res.send('v1'), canary: (_req, res) => res.send('v2') }),
);
const server = await new Promise((resolve) => {
  const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
});
const url = `http://127.0.0.1:${server.address().port}/checkout`;
const served = async () => (await fetch(url, { headers: { 'x-user-id': 'user-42' } })).text();
const before = await served();

const controller = createRolloutController({ store, pollInterval: '50ms' });
await controller.start({
  id: 'checkout-v2',
  flag: 'checkout',
  strategy: 'canary',
  steps: [{ weight: 50, analysis: false }, { weight: 100 }],
});
const rollout = await controller.waitFor('checkout-v2');
// The client follows the store; wait for the promoted split to reach it.
while (client.variation('checkout', { targetingKey: 'user-42' }) !== 'canary') {
  await new Promise((resolve) => setTimeout(resolve, 10));
}
const after = await served();

await controller.close();
server.close();
await client.close();
console.log(JSON.stringify({ evaluation, before, after, rollout: rollout.status }));
