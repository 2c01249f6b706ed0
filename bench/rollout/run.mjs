/**
 * The rollout-analysis benchmark: Rampkit's judge against emulations of Flagger's and Argo Rollouts'
 * documented analysis, each watching the same simulated traffic (one realisation per seed) with a fake
 * clock. Reports false rollbacks, detection delay and behaviour at low traffic; prints the report and
 * writes it to bench/results/rollout.md. No timing is measured: the numbers are counts of simulated
 * requests and seconds, identical on every machine for the same seeds.
 *
 *   node bench/rollout/run.mjs [--quick] [--seeds N]
 *
 * Needs the built packages (pnpm build): it imports packages/rollout/dist.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { renderReport } from './report.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, seeds: { type: 'string' } },
});
const scale = args.quick ? 0.1 : 1;
const seedsFor = (full) => Math.max(10, Math.round(Number(args.seeds ?? full) * scale));

const rollout = await import('../../packages/rollout/dist/index.js').catch((error) => {
  process.stderr.write(`cannot load packages/rollout/dist (run pnpm build first): ${error.message}\n`);
  process.exit(1);
});
const { argoPolicy, flaggerPolicy, rampkitPolicy, SCENARIOS, simulateMany } = rollout;

const every = [1, 10, 60];
const errorPolicies = () => [
  ...every.map((s) => rampkitPolicy({ name: `Rampkit (defaults), every ${s}s`, intervalSeconds: s })),
  rampkitPolicy({
    name: 'Rampkit (compareErrorRate not critical: 3 failures in a row), every 60s',
    intervalSeconds: 60,
    settings: { critical: [] },
  }),
  ...every.map((s) => flaggerPolicy({ intervalSeconds: s })),
  // The threshold a Flagger user would pick to stop false rollbacks at a 1% baseline.
  flaggerPolicy({ minSuccessRate: 0.97 }),
  ...[1, 60, 300].map((s) => argoPolicy({ intervalSeconds: s })),
];
const latencySettings = { compareErrorRate: { enabled: false }, compareLatency: { tolerance: 0.1 } };
const latencyPolicies = () => [
  ...[10, 60].map((s) =>
    rampkitPolicy({
      name: `Rampkit (tolerance 10%), every ${s}s`,
      intervalSeconds: s,
      settings: latencySettings,
    }),
  ),
  rampkitPolicy({
    name: 'Rampkit (default tolerance 30%), every 10s',
    intervalSeconds: 10,
    settings: { compareErrorRate: { enabled: false } },
  }),
];

const sections = [
  {
    title: 'False rollbacks: canary = stable, 1% errors',
    kind: 'false',
    scenario: SCENARIOS.sameErrorRate,
    seeds: seedsFor(1000),
    policies: errorPolicies(),
  },
  {
    title: 'Detection: canary errors 1% → 5%',
    kind: 'detection',
    scenario: SCENARIOS.errorRate5x,
    seeds: seedsFor(300),
    policies: errorPolicies(),
  },
  {
    title: 'Detection: canary errors 1% → 2%',
    kind: 'detection',
    scenario: SCENARIOS.errorRate2x,
    seeds: seedsFor(300),
    policies: errorPolicies(),
  },
  {
    title: 'Detection: canary p95 latency +30%',
    kind: 'detection',
    scenario: SCENARIOS.latency30,
    seeds: seedsFor(60),
    policies: latencyPolicies(),
  },
  {
    title: 'False rollbacks of the latency comparison: canary = stable, latency recorded',
    kind: 'false',
    scenario: SCENARIOS.sameLatency,
    seeds: seedsFor(60),
    policies: latencyPolicies(),
  },
  {
    title: 'Low traffic: 1 request/s in all, canary = stable',
    kind: 'low',
    scenario: SCENARIOS.lowTraffic,
    seeds: seedsFor(1000),
    policies: errorPolicies(),
  },
];

const started = Date.now();
const results = [];
for (const section of sections) {
  process.stderr.write(`${section.title}: ${section.seeds} rollouts…\n`);
  const summaries = simulateMany({
    scenario: section.scenario,
    policies: section.policies,
    seeds: section.seeds,
  });
  results.push({ ...section, summaries });
}
const report = renderReport(results, {
  date: new Date().toISOString(),
  node: process.version,
  seconds: Math.round((Date.now() - started) / 1000),
  quick: args.quick,
});
process.stdout.write(report);
const resultsDir = join(here, '..', 'results');
mkdirSync(resultsDir, { recursive: true });
writeFileSync(join(resultsDir, 'rollout.md'), report);
