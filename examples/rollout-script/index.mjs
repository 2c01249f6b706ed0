/**
 * Drives a canary rollout from a Node script through the programmatic API: the same controller
 * `rampkit rollout run` uses, here with an approval the script gives itself and a report at the end.
 *
 *   pnpm build && node examples/rollout-script/index.mjs [report.html]
 *   CANARY_ERROR_RATE=0.2 node examples/rollout-script/index.mjs     (a bad canary: rolled back)
 *
 * Exits 0 when the canary is promoted, 1 when it is rolled back: use it as a pipeline step.
 * Traffic is simulated in-process (a real service would call `client.variation` per request and
 * `client.record` when it answers, or use @rampkit/express, which does both).
 */
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildReport, renderReportHtml } from '@rampkit/cli';
import { createClient, MemoryStore } from '@rampkit/core';
import { createRolloutController } from '@rampkit/rollout';

const canaryErrorRate = Number(process.env.CANARY_ERROR_RATE ?? '0.005');
const reportPath = process.argv[2] ?? join(tmpdir(), 'rampkit-rollout-script-report.html');

// 1. A store holding the flag: both arms of the search service, stable serving everyone.
//    With several processes, use RedisStore from @rampkit/redis instead; nothing else changes.
const store = new MemoryStore({
  config: {
    flags: [
      {
        key: 'search',
        kind: 'canary',
        variations: { canary: 'v2', stable: 'v1' },
        offVariation: 'stable',
        fallthrough: { variation: 'stable' },
      },
    ],
  },
});

// 2. The application's side: a client that evaluates the flag and reports each request's outcome.
const client = createClient({ store, metricsWindowMs: 250, flushIntervalMs: 100 });
await client.ready();
let served = 0;
const traffic = setInterval(() => {
  for (let i = 0; i < 25; i++) {
    const user = { targetingKey: `user-${Math.floor(Math.random() * 2000)}` };
    const arm = client.variation('search', user, 'stable');
    const errorRate = arm === 'canary' ? canaryErrorRate : 0.01;
    client.record('search', arm, { error: Math.random() < errorRate, latencyMs: 5 + Math.random() * 10 });
    served += 1;
  }
}, 20);

// 3. The controller: it ramps the flag, judges canary against stable, and rolls back on its own.
const controller = createRolloutController({ store, pollInterval: '200ms' });
const started = Date.now();
const at = () => `+${((Date.now() - started) / 1000).toFixed(1)}s`;
const approvedSteps = new Set();
controller.on('transition', async (entry) => {
  console.log(`${at()} ${entry.type}: ${entry.reason}`);
  // The 50% step waits for approval; this script is the approver (an operator would run
  // `rampkit rollout approve search-v2`, or a chat-ops bot would call `controller.approve`).
  const status = await controller.status(entry.rolloutId);
  if (status.status !== 'progressing' || status.phase !== 'approval') return;
  if (approvedSteps.has(status.step.index)) return;
  approvedSteps.add(status.step.index);
  await controller.approve(entry.rolloutId, { by: 'rollout-script' });
});
controller.on('verdict', (entry) => {
  const { canary, stable } = entry.verdict.arms;
  const rate = (arm) => `${(arm.errorRate * 100).toFixed(2)}%`;
  console.log(
    `${at()} verdict ${entry.verdict.status}: canary ${canary.requests} requests ${rate(canary)} errors, stable ${stable.requests} requests ${rate(stable)} errors`,
  );
});
controller.on('error', (error, id) => console.error(`rollout ${id}: ${error.message}`));

// 4. The plan, as an object (or read a YAML/JSON file with parsePlan from @rampkit/rollout).
await controller.start({
  id: 'search-v2',
  flag: 'search',
  strategy: 'canary',
  steps: [{ weight: 10, hold: '1s' }, { weight: 50, hold: '1s', approval: true }, { weight: 100 }],
  analysis: {
    interval: '300ms',
    minRequests: 50,
    maxErrorRate: 0.05,
    consecutiveFailures: 2,
    compareLatency: { enabled: false },
  },
});

// 5. Wait for the outcome, then stop the traffic and write the report.
const final = await controller.waitFor('search-v2');
clearInterval(traffic);
await client.flush();
const report = await buildReport({
  status: final,
  history: await controller.history('search-v2'),
  metrics: store,
});
await writeFile(reportPath, renderReportHtml([report]));
await controller.close();
await client.close();

console.log(`\n${final.id} ${final.status} after ${served} requests: ${final.reason}`);
console.log(`Report: ${reportPath}`);
process.exitCode = final.status === 'promoted' ? 0 : 1;
