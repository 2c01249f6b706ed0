/**
 * Hostile unit ids: how much heap each distinct unit leaves behind when clients choose their own ids.
 * A client, or a Fastify or Express server with Rampkit, serves a tracked canary flag to `--units`
 * distinct units while an `exposure` listener is registered (so exposures are deduplicated per unit). The ids are
 * either UUIDs, as the anonymous cookie's, or `--id-bytes` characters sent in `x-user-id`. Each
 * (path, ids) pair runs in a fresh process; the report gives the heap growth after a full
 * collection, per unit. Nothing is timed.
 *
 *   node bench/hostile-ids/run.mjs [--quick] [--units N] [--id-bytes N] [--paths client,fastify,express] [--tracking]
 *
 * With --tracking, the client also records experiment exposures and every request tracks an event
 * (flushed into a store that keeps nothing), so the rows include the tracker's memory.
 *
 * Needs the built packages (pnpm build). Prints the report and writes bench/results/hostile-ids.md.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const benchDir = dirname(here);
const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    units: { type: 'string' },
    'id-bytes': { type: 'string', default: '4096' },
    paths: { type: 'string', default: 'client,fastify,express' },
    tracking: { type: 'boolean', default: false },
  },
});
const units = Number(args.units ?? (args.quick ? 10_000 : 100_000));
const idBytes = Number(args['id-bytes']);
const paths = args.paths.split(',');

const rows = [];
for (const path of paths) {
  for (const ids of ['uuid', 'hostile']) {
    process.stderr.write(`${path}, ${ids} ids: ${units} units…\n`);
    const out = execFileSync(
      process.execPath,
      [
        '--expose-gc',
        join(here, 'worker.mjs'),
        path,
        ids,
        String(units),
        String(idBytes),
        ...(args.tracking ? ['tracking'] : []),
      ],
      { cwd: benchDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 },
    );
    const row = JSON.parse(out.trim().split('\n').at(-1));
    if (row.served !== units) throw new Error(`${path}: served ${row.served} of ${units} requests`);
    rows.push(row);
  }
}

const kb = (bytes) => (bytes / 1024).toFixed(0);
const lines = [
  `# hostile-ids: heap per distinct unit (Node ${process.version}, ${units} units per row${
    args.tracking ? ', tracking on' : ''
  })`,
  '',
  '| path | ids | id bytes | heap growth MB | bytes per unit | exposures | ids refused | events attributed | units not tracked (id too long) |',
  '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...rows.map(
    (row) =>
      `| ${row.path} | ${row.ids} | ${row.idBytes} | ${(row.heapGrowth / 1048576).toFixed(1)} | ${Math.round(
        row.heapGrowth / row.units,
      )} | ${row.exposures} | ${row.refused ?? '—'} | ${row.attributed ?? '—'} | ${row.skippedUnits ?? '—'} |`,
  ),
  '',
  `Hostile ids are ${kb(idBytes)} KB each, sent in \`x-user-id\` (the client path passes them as \`targetingKey\`).`,
];
const report = `${lines.join('\n')}\n`;
process.stdout.write(report);
mkdirSync(join(benchDir, 'results'), { recursive: true });
writeFileSync(
  join(benchDir, 'results', args.tracking ? 'hostile-ids-tracking.md' : 'hostile-ids.md'),
  report,
);
