/**
 * Runs the benchmarks: every folder of bench/ that holds a run.mjs, one after another, each in its
 * own process with the network guard preloaded. Names select benchmarks; flags (--quick, …) are
 * passed on to each (names first, then flags).
 *
 *   node bench/run.mjs                 all benchmarks
 *   node bench/run.mjs evaluate        one
 *   node bench/run.mjs evaluate --quick
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = dirname(fileURLToPath(import.meta.url));
const guard = join(benchDir, 'guard', 'network-guard.mjs');

const available = readdirSync(benchDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(benchDir, entry.name, 'run.mjs')))
  .map((entry) => entry.name)
  .sort();

// Names come first; everything from the first flag on is passed through (`--rounds 3` included).
const args = process.argv.slice(2);
const firstFlag = args.findIndex((arg) => arg.startsWith('-'));
const names = firstFlag === -1 ? args : args.slice(0, firstFlag);
const flags = firstFlag === -1 ? [] : args.slice(firstFlag);
const unknown = names.filter((name) => !available.includes(name));
if (unknown.length > 0) {
  process.stderr.write(`unknown benchmark: ${unknown.join(', ')} (available: ${available.join(', ')})\n`);
  process.exit(2);
}

const failed = [];
for (const name of names.length > 0 ? names : available) {
  process.stderr.write(`\n=== bench: ${name} ===\n`);
  const { status } = spawnSync(
    process.execPath,
    ['--import', guard, join(benchDir, name, 'run.mjs'), ...flags],
    {
      cwd: benchDir,
      stdio: 'inherit',
    },
  );
  if (status !== 0) failed.push(name);
}
if (failed.length > 0) {
  process.stderr.write(`\nfailed: ${failed.join(', ')}\n`);
  process.exit(1);
}
