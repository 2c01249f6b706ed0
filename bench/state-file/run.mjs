/**
 * The `file:` store's sidecar (`<flags>.rampkit/state.json`) over an hour of a rollout: `--instances`
 * app processes flush both arms of one flag every 5 s into 10-second windows, as the aggregator does
 * by default, through a FileStateStore on a simulated clock. The report gives the file's size every
 * five minutes, and what schema 1 (every window spelled out, buckets keyed by index) would have
 * written for the same windows. Nothing is timed: sizes are counts of bytes.
 *
 *   node bench/state-file/run.mjs [--quick] [--minutes N] [--instances N] [--rps N] [--canary-percent N]
 *
 * Needs the built packages (pnpm build). Prints the report and writes bench/results/state-file.md.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { LatencyHistogram } from '@rampkit/core';
import { FileStateStore } from '@rampkit/core/file-store';
import { mulberry32 } from '@rampkit/core/testing';

const here = dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    minutes: { type: 'string' },
    instances: { type: 'string', default: '2' },
    rps: { type: 'string', default: '200' },
    'canary-percent': { type: 'string', default: '10' },
  },
});
const minutes = Number(args.minutes ?? (args.quick ? 75 : 90));
const instances = Number(args.instances);
const rps = Number(args.rps);
const canaryShare = Number(args['canary-percent']) / 100;

const WINDOW_MS = 10_000;
const FLUSH_MS = 5_000;
const START = Date.UTC(2026, 11, 5, 12, 0, 0);
const random = mulberry32(20);

/** A latency in ms: log-normal around 40 ms (σ 0.5), the canary 10% slower. */
function latency(arm) {
  const u = Math.max(random(), 1e-12);
  const v = random();
  const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  return 40 * (arm === 'canary' ? 1.1 : 1) * Math.exp(0.5 * normal);
}

/** One instance's report of one arm for the last FLUSH_MS, into the current window. */
function report(arm, windowStart, requests, instance) {
  const histogram = new LatencyHistogram();
  let errors = 0;
  for (let i = 0; i < requests; i++) {
    histogram.record(latency(arm));
    if (random() < 0.002) errors++;
  }
  return {
    flagKey: 'checkout',
    variation: arm,
    windowStart,
    windowMs: WINDOW_MS,
    requests,
    errors,
    aborted: 0,
    latency: histogram.toData(),
    instanceId: `app-${instance}`,
  };
}

const dir = mkdtempSync(join(tmpdir(), 'rampkit-state-file-bench-'));
let now = START;
const store = new FileStateStore({ path: join(dir, 'flags.json'), watch: false, now: () => now });
const perFlush = (rps * FLUSH_MS) / 1000 / instances;
const rows = [];
let written = 0;
let flushes = 0;
try {
  for (let t = FLUSH_MS; t <= minutes * 60_000; t += FLUSH_MS) {
    now = START + t;
    const windowStart = Math.floor((now - 1) / WINDOW_MS) * WINDOW_MS;
    for (let instance = 0; instance < instances; instance++) {
      await store.writeMetrics([
        report('canary', windowStart, Math.round(perFlush * canaryShare), instance),
        report('stable', windowStart, Math.round(perFlush * (1 - canaryShare)), instance),
      ]);
      written += statSync(store.statePath).size;
      flushes++;
    }
    if (t % 300_000 === 0) {
      const windows = await store.readMetricsWindows({
        flagKey: 'checkout',
        from: 0,
        to: Number.MAX_SAFE_INTEGER,
      });
      const schema1 = `${JSON.stringify({ schema: 1, documents: {}, leases: {}, lastTokens: {}, metrics: windows })}\n`;
      rows.push({
        minute: t / 60_000,
        windows: windows.length,
        buckets: windows.reduce((n, w) => n + Object.keys(w.latency.buckets).length, 0),
        size: statSync(store.statePath).size,
        schema1: Buffer.byteLength(schema1),
      });
    }
  }
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}

const kb = (bytes) => `${(bytes / 1024).toFixed(0)}`;
const lines = [
  `# state-file: the file: store's sidecar over ${minutes} minutes (Node ${process.version})`,
  '',
  `${instances} instances flush both arms every ${FLUSH_MS / 1000} s into ${WINDOW_MS / 1000}-second windows; ${rps} requests/s, ` +
    `${args['canary-percent']}% to the canary; metrics retention (the analysis horizon) 60 min. ` +
    `${flushes} flushes rewrote the file, ${(written / 1048576).toFixed(0)} MB written in all.`,
  '',
  '| minute | windows kept | latency buckets kept | state.json KB (schema 2) | schema 1 KB, same windows |',
  '| ---: | ---: | ---: | ---: | ---: |',
  ...rows.map((r) => `| ${r.minute} | ${r.windows} | ${r.buckets} | ${kb(r.size)} | ${kb(r.schema1)} |`),
  '',
];
const text = lines.join('\n');
process.stdout.write(text);
mkdirSync(join(dirname(here), 'results'), { recursive: true });
writeFileSync(join(dirname(here), 'results', 'state-file.md'), text);
