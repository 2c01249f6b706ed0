/**
 * The experiments benchmark: the stats engine of @rampkit/experiments measured against the targets of
 * issue #22, by simulation (seeded, so every figure is reproducible) and against SciPy/statsmodels.
 * Prints the report and writes it to bench/results/experiments.md. Nothing is timed: every figure is
 * a count of simulated units or runs. Runs of each section are split across worker threads, one per
 * core.
 *
 *   node bench/experiments/run.mjs [--quick] [--only <section key or title words>]
 *
 * Needs the built packages (pnpm build). The cross-check needs a Python with SciPy and statsmodels
 * (Debian: apt-get install python3-scipy python3-statsmodels; or set RAMPKIT_PYTHON).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';

const here = dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
  },
});
const options = { scale: args.quick ? 0.1 : 1 };

await import('@rampkit/experiments').catch((error) => {
  process.stderr.write(`cannot load @rampkit/experiments (run pnpm build first): ${error.message}\n`);
  process.exit(1);
});
const { sections, mergeDeep } = await import('./sections/index.mjs');
const { crossCheck } = await import('./crosscheck.mjs');
const { renderReport } = await import('./report.mjs');
const threads = Math.max(1, Math.min(2, availableParallelism()));

const all = sections(options);
const only = args.only?.toLowerCase();
const byKey = only !== undefined && all.some((section) => section.key.toLowerCase() === only);
const selected = (section) =>
  only === undefined ||
  (byKey ? section.key.toLowerCase() === only : section.title.toLowerCase().includes(only));

const started = Date.now();
const results = [];
for (const [index, section] of all.entries()) {
  if (!selected(section)) continue;
  const sectionStart = Date.now();
  process.stderr.write(`${section.title}: ${section.runs} runs…`);
  const chunk = Math.ceil(section.runs / threads);
  const parts = await Promise.all(
    Array.from({ length: threads }, (_, t) => {
      const firstRun = t * chunk;
      const count = Math.min(chunk, section.runs - firstRun);
      return count <= 0 ? null : simulate({ options, section: index, firstRun, count });
    }),
  );
  const part = parts.filter((p) => p !== null).reduce((a, b) => mergeDeep(a, b));
  results.push({ key: section.key, title: section.title, meta: section.meta, part });
  process.stderr.write(` ${Math.round((Date.now() - sectionStart) / 1000)} s\n`);
}
let check = null;
if (only === undefined || ['crosscheck', 'cross-check', 'scipy', 'statsmodels'].includes(only)) {
  process.stderr.write('cross-check against SciPy and statsmodels…\n');
  check = crossCheck();
}
const { markdown, missed } = renderReport(results, check, {
  date: new Date().toISOString(),
  node: process.version,
  seconds: Math.round((Date.now() - started) / 1000),
  quick: args.quick,
  load: loadavg()
    .map((value) => value.toFixed(2))
    .join(', '),
});
process.stdout.write(markdown);
const resultsDir = join(here, '..', 'results');
mkdirSync(resultsDir, { recursive: true });
writeFileSync(join(resultsDir, 'experiments.md'), markdown);
if (missed.length > 0) process.stderr.write(`targets missed: ${missed.join('; ')}\n`);

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
