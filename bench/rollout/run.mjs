/**
 * The rollout-analysis benchmark: Rampkit's judge against emulations of Flagger's and Argo Rollouts'
 * documented analysis, each watching the same simulated traffic (one realisation per seed) on a
 * steady clock. Reports false rollbacks, false promotions, detection delay, behaviour at low traffic
 * and when evidence stops, lags or the wall clock steps; prints the report and writes it to
 * bench/results/rollout.md. No timing is measured: the numbers are counts of simulated requests and
 * seconds, identical on every machine for the same seeds. The seeds of each section are split across
 * worker threads, one per core.
 *
 *   node bench/rollout/run.mjs [--quick] [--seeds N] [--only <title words>]
 *
 * Needs the built packages (pnpm build).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { renderReport } from './report.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    seeds: { type: 'string' },
    only: { type: 'string' },
  },
});
const options = { scale: args.quick ? 0.1 : 1, seeds: args.seeds };

const rollout = await import('@rampkit/rollout/simulation').catch((error) => {
  process.stderr.write(`cannot load @rampkit/rollout (run pnpm build first): ${error.message}\n`);
  process.exit(1);
});
const { sections } = await import('./sections.mjs');
const threads = Math.max(1, availableParallelism());

const started = Date.now();
const results = [];
for (const [index, section] of sections(options).entries()) {
  if (args.only !== undefined && !section.title.toLowerCase().includes(args.only.toLowerCase())) continue;
  process.stderr.write(`${section.title}: ${section.seeds} rollouts…\n`);
  const chunk = Math.ceil(section.seeds / threads);
  const parts = await Promise.all(
    Array.from({ length: threads }, (_, t) => {
      const firstSeed = 1 + t * chunk;
      const count = Math.min(chunk, section.seeds - t * chunk);
      return count <= 0 ? [] : simulate({ options, section: index, firstSeed, count });
    }),
  );
  const policies = section.policies();
  const summaries = policies.map((_, p) => rollout.summarizeRuns(parts.flatMap((part) => part[p] ?? [])));
  results.push({ ...section, summaries });
}
const report = renderReport(results, {
  date: new Date().toISOString(),
  node: process.version,
  seconds: Math.round((Date.now() - started) / 1000),
  quick: args.quick,
  load: loadavg()
    .map((value) => value.toFixed(2))
    .join(', '),
});
process.stdout.write(report);
const resultsDir = join(here, '..', 'results');
mkdirSync(resultsDir, { recursive: true });
writeFileSync(join(resultsDir, 'rollout.md'), report);

function simulate(workerData) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(join(here, 'worker.mjs'), { workerData });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`worker exited with ${code}`));
    });
  });
}
