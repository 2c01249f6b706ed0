/**
 * Instructions per evaluation with an `exposure` listener, counted by valgrind's callgrind: what
 * exposure de-duplication costs an application that listens for exposures. Not part of run.mjs: it
 * needs valgrind.
 *
 *   node bench/hostile-ids/count-dedup.mjs [--core DIR] [--units N] [--rounds N]
 *
 * A child (`node --single-threaded`, so V8 compiles on the main thread in a fixed order) evaluates a
 * 50/50 split flag for `--units` UUIDs once (every exposure new), or `--rounds` times (the later
 * rounds find every unit already seen). The difference between the two counts, divided by the
 * evaluations of the later rounds, is the cost of an evaluation whose exposure is a duplicate:
 * start-up and the first round cancel out. `--core` is the `dist` folder of the @rampkit/core to
 * count (default: this checkout's), so that two builds can be compared.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  options: {
    core: { type: 'string', default: join(here, '..', '..', 'packages', 'core', 'dist') },
    units: { type: 'string', default: '10000' },
    rounds: { type: 'string', default: '21' },
    child: { type: 'boolean', default: false },
  },
});

if (args.child) {
  const { createClient } = await import(pathToFileURL(join(resolve(args.core), 'index.js')).href);
  const client = createClient({
    metrics: false,
    flags: {
      flags: [
        {
          key: 'banner',
          variations: { a: 'Hello', b: 'Hi' },
          offVariation: 'a',
          fallthrough: {
            split: {
              weights: [
                { variation: 'a', weight: 5000 },
                { variation: 'b', weight: 5000 },
              ],
            },
          },
        },
      ],
    },
  });
  let exposures = 0;
  client.on('exposure', () => {
    exposures += 1;
  });
  const contexts = Array.from({ length: Number(args.units) }, () => ({ targetingKey: randomUUID() }));
  for (let round = 0; round < Number(args.rounds); round++) {
    for (const context of contexts) client.variation('banner', context);
  }
  if (exposures !== contexts.length) throw new Error(`${exposures} exposures for ${contexts.length} units`);
  await client.close();
} else {
  execFileSync('valgrind', ['--version'], { stdio: 'ignore' });
  const units = Number(args.units);
  const rounds = Number(args.rounds);
  const dir = mkdtempSync(join(tmpdir(), 'rampkit-count-dedup-'));
  const count = (n) => {
    const out = join(dir, `callgrind.${n}`);
    const child = spawnSync(
      'valgrind',
      [
        '--tool=callgrind',
        `--callgrind-out-file=${out}`,
        process.execPath,
        '--single-threaded',
        fileURLToPath(import.meta.url),
        '--child',
        '--core',
        args.core,
        '--units',
        String(units),
        '--rounds',
        String(n),
      ],
      { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' },
    );
    if (child.status !== 0) throw new Error(`the counted child failed:\n${child.stderr}`);
    const totals = /^summary:\s+(\d+)/m.exec(readFileSync(out, 'utf8'));
    if (totals === null) throw new Error(`no summary line in ${out}`);
    return Number(totals[1]);
  };
  try {
    const once = count(1);
    const many = count(rounds);
    const perEvaluation = (many - once) / (units * (rounds - 1));
    process.stdout.write(
      `${args.core}: ${Math.round(perEvaluation)} instructions per evaluation of an already exposed unit ` +
        `(${units} units × ${rounds - 1} rounds; whole runs ${once} and ${many})\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
