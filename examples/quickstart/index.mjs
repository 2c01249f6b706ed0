// A runnable tour of @rampkit/core: `pnpm example` from the repository root.
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bucketOf, createClient } from '@rampkit/core';
import { FileStore } from '@rampkit/core/file-store';

const users = Array.from({ length: 10_000 }, (_, i) => ({
  targetingKey: `user-${i}`,
  country: ['US', 'CA', 'DE', 'FR', 'JP'][i % 5],
}));

function canaryFlag(percent) {
  return {
    key: 'payments-v2',
    kind: 'canary',
    variations: { canary: 'v2', stable: 'v1' },
    offVariation: 'stable',
    fallthrough: {
      split: {
        weights: [
          { variation: 'canary', weight: percent * 100 },
          { variation: 'stable', weight: 10_000 - percent * 100 },
        ],
      },
    },
  };
}

const config = {
  flags: [
    {
      key: 'new-checkout',
      variations: { on: true, off: false },
      offVariation: 'off',
      rules: [
        {
          conditions: [{ attribute: 'country', op: 'in', values: ['US', 'CA'] }],
          split: {
            weights: [
              { variation: 'on', weight: 5000 },
              { variation: 'off', weight: 5000 },
            ],
          },
        },
      ],
      fallthrough: { variation: 'off' },
    },
    canaryFlag(5),
  ],
};

const line = (text = '') => console.log(text);

// The file store's watchers do not keep a process alive (a server would); this timeout does, and
// bounds the wait.
function within(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// 1. Evaluate
const client = createClient({ flags: config });
await client.ready();
line('1. Evaluating for one user');
const alice = { targetingKey: 'alice', country: 'US' };
line(`   new-checkout for alice (US): ${JSON.stringify(client.evaluate('new-checkout', alice))}`);
line(
  `   bucket of alice in new-checkout: ${bucketOf('new-checkout', 'alice')} (0..9999, the same in every process)`,
);
line(`   a missing flag: ${JSON.stringify(client.evaluate('nope', alice, false))}`);

// 2. A rollout over 10,000 users
const on = users.filter((u) => client.isEnabled('new-checkout', u)).length;
const northAmerica = users.filter((u) => u.country === 'US' || u.country === 'CA').length;
line();
line(`2. new-checkout: ${on} of ${northAmerica} North American users are in the 50% rollout; nobody else`);

// 3. A canary ramp: raising the weight only moves users into the canary
line();
line('3. Ramping payments-v2: 5% → 25% → 50% → 100%');
let previous = new Set();
for (const percent of [5, 25, 50, 100]) {
  const ramp = createClient({ flags: { flags: [canaryFlag(percent)] } });
  const inCanary = new Set(
    users.filter((u) => ramp.variation('payments-v2', u) === 'canary').map((u) => u.targetingKey),
  );
  const leftCanary = [...previous].filter((id) => !inCanary.has(id)).length;
  line(
    `   ${String(percent).padStart(3)}%: ${String(inCanary.size).padStart(5)} users on the canary; ${leftCanary} left it`,
  );
  previous = inCanary;
  await ramp.close();
}

// 4. Outcomes per arm
for (const user of users.slice(0, 1000)) {
  const arm = client.variation('payments-v2', user);
  client.record('payments-v2', arm, {
    error: arm === 'canary' && Math.random() < 0.05,
    latencyMs: 10 + Math.random() * 20,
  });
}
await client.flush();
const arms = await client.store.readMetrics({ flagKey: 'payments-v2', from: 0, to: Date.now() + 60_000 });
line();
line('4. Outcomes recorded per arm (what a rollout controller judges):');
for (const arm of arms) {
  line(
    `   ${arm.variation.padEnd(7)} requests=${arm.requests} errors=${arm.errors} ` +
      `errorRate=${(arm.errorRate * 100).toFixed(1)}% p99=${arm.p99.toFixed(1)}ms`,
  );
}
await client.close();

// 5. Flags in a file, edited while the app runs
const dir = mkdtempSync(join(tmpdir(), 'rampkit-quickstart-'));
const path = join(dir, 'flags.json');
writeFileSync(path, JSON.stringify(config, null, 2));
const store = new FileStore({ path });
const fileClient = createClient({ store });
await fileClient.ready();
line();
line(`5. Flags from ${path}`);
line(`   payments-v2 weight now: 5% (alice → ${fileClient.variation('payments-v2', alice)})`);
const changed = new Promise((resolve) => fileClient.once('change', resolve));
const edited = { ...config, flags: [config.flags[0], canaryFlag(100)] };
writeFileSync(`${path}.tmp`, JSON.stringify(edited, null, 2));
renameSync(`${path}.tmp`, path); // an atomic replace, as editors and deploy tools do
const event = await within(changed, 10_000, 'the edit to be picked up');
line(
  `   file edited: ${event.changedKeys.join(', ')} changed; alice → ${fileClient.variation('payments-v2', alice)}`,
);
const rejected = new Promise((resolve) => fileClient.once('error', resolve));
writeFileSync(path, '{ "flags": [ { "key": "broken" } ] }');
const error = await within(rejected, 10_000, 'the invalid edit to be reported');
line(`   an invalid edit is refused, the last good flags stay: ${error.message.slice(0, 110)}…`);
line(`   alice still → ${fileClient.variation('payments-v2', alice)}`);
await fileClient.close();
await store.close();
rmSync(dir, { recursive: true, force: true });
line();
line('Done. Next: docs/flag-file-format.md and docs/bucketing.md.');
