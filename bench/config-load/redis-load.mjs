/**
 * The longest main-thread block of one `RedisStore.loadConfig()` (decode, validation and frozen
 * copy, `adoptSteps`), each run in a fresh process:
 *
 *   node bench/config-load/redis-load.mjs [--flags 10000] [--runs 12] [--hold] [--client] [--cold]
 *     [--node-arg=--trace-gc …]
 *
 * Writes `flagsConfig(1, flags)` of bench/redis under a prefix of its own (REDIS_URL, default
 * redis://127.0.0.1:6379, removed at the end), then forks one process per run that loads it while
 * `probe.mjs` watches, and prints one JSON line per run and the distribution of the longest
 * blocks. A run measures its second load (the first connects) unless --cold; --hold keeps the
 * first snapshot referenced meanwhile, as a configuration in force is; --client measures a client
 * created on the store until it is ready. Each run lists the garbage collections
 * (PerformanceObserver 'gc') during the load and in its longest block, which tells the collector
 * from the library's own work, and `codeMs`, the longest turn without the collector's time.
 * `--node-arg` is passed to every run (`--trace-gc`, `--cpu-prof`, `--max-semi-space-size=4`);
 * their output is the run's own.
 */
import { fork } from 'node:child_process';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createClient } from '@rampkit/core';
import { RedisStore } from '@rampkit/redis';
import { flagsConfig } from '../redis/configs.mjs';
import { blockProbe } from './probe.mjs';

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

if (process.env.RK_CHILD === '1') await child();
else await parent();

async function parent() {
  const { values } = parseArgs({
    options: {
      flags: { type: 'string', default: '10000' },
      runs: { type: 'string', default: '12' },
      'node-arg': { type: 'string', multiple: true, default: [] },
      hold: { type: 'boolean', default: false },
      client: { type: 'boolean', default: false },
      cold: { type: 'boolean', default: false },
    },
  });
  const flags = Number(values.flags);
  const prefix = `rk-bench-load-${process.pid}:`;
  const store = new RedisStore({ url, prefix });
  await store.writeConfig(flagsConfig(1, flags), { expectedVersion: 0 });
  await store.close();
  const results = [];
  try {
    for (let run = 0; run < Number(values.runs); run++) {
      const result = await once(prefix, values['node-arg'], values);
      results.push(result);
      console.log(JSON.stringify({ run, ...result }));
    }
  } finally {
    await dropPrefix(prefix);
  }
  const main = results.map((r) => r.mainMs).sort((a, b) => a - b);
  const code = results.map((r) => r.codeMs).sort((a, b) => a - b);
  const wall = results.map((r) => r.wallMs).sort((a, b) => a - b);
  const inGc = results.filter((r) => r.gcInBlockMs >= r.mainMs / 2).length;
  console.log(
    `${flags} flags, ${main.length} runs: longest block, main thread ms: median ${median(main).toFixed(1)}, ` +
      `min ${main[0].toFixed(1)}, max ${main.at(-1).toFixed(1)}, over 50 ms ${main.filter((m) => m > 50).length}; ` +
      `wall median ${median(wall).toFixed(1)}, max ${wall.at(-1).toFixed(1)}; ` +
      `runs whose longest block is at least half GC: ${inGc}; ` +
      `longest turn of code alone (no GC) median ${median(code).toFixed(1)}, max ${code.at(-1).toFixed(1)}`,
  );
  console.log(`sorted main ms: ${main.map((m) => m.toFixed(1)).join(' ')}`);
}

function once(prefix, nodeArgs, mode) {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), [], {
      env: {
        ...process.env,
        RK_CHILD: '1',
        RK_PREFIX: prefix,
        RK_HOLD: mode.hold ? '1' : '',
        RK_CLIENT: mode.client ? '1' : '',
        RK_COLD: mode.cold ? '1' : '',
      },
      execArgv: nodeArgs,
    });
    child.once('message', resolve);
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`run exited with ${code}`));
    });
  });
}

async function child() {
  const gcs = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      gcs.push({ start: entry.startTime, ms: entry.duration, kind: entry.detail?.kind });
  });
  observer.observe({ entryTypes: ['gc'] });
  const store = new RedisStore({ url, prefix: process.env.RK_PREFIX });
  // Connects; what is measured is the second load, on a warm connection. With --hold the first
  // snapshot stays referenced meanwhile, as a store's or client's configuration in force does.
  // With --cold the first load is measured: the process's first, as at a client's start, its
  // code not yet optimised.
  if (process.env.RK_COLD !== '1') {
    const first = await store.loadConfig();
    if (process.env.RK_HOLD === '1') globalThis.inForce = first;
  }
  const probe = blockProbe();
  await probe.start();
  const started = performance.now();
  let snapshot;
  if (process.env.RK_CLIENT === '1') {
    const client = createClient({ store, metrics: false });
    await client.ready();
    await client.close();
  } else {
    snapshot = await store.loadConfig();
  }
  const loadMs = performance.now() - started;
  const block = await probe.stop();
  await new Promise((resolve) => setTimeout(resolve, 10));
  observer.disconnect();
  // The probe gives its block on the profile's clock (hrtime, µs); performance.now() is ms since timeOrigin.
  const offsetMs = Number(process.hrtime.bigint() / 1000n) / 1000 - performance.now();
  const from = block.mainFrom / 1000 - offsetMs;
  const to = block.mainTo / 1000 - offsetMs;
  const inBlock = gcs.filter((gc) => gc.start < to && gc.start + gc.ms > from);
  const during = gcs.filter((gc) => gc.start >= started && gc.start <= started + loadMs);
  process.send({
    flags: snapshot?.config.flags.length ?? 'client',
    mainMs: round(block.mainMs),
    mainTop: block.mainTop,
    codeMs: round(block.codeMs),
    wallMs: round(block.wallMs),
    turns: block.turns,
    loadMs: round(loadMs),
    gcInBlockMs: round(inBlock.reduce((sum, gc) => sum + gc.ms, 0)),
    gcInBlock: inBlock.map((gc) => `${gcKind(gc.kind)} ${gc.ms.toFixed(1)}`),
    gcDuringLoad: during.map((gc) => `${gcKind(gc.kind)} ${gc.ms.toFixed(1)}`),
  });
  await store.close();
}

async function dropPrefix(prefix) {
  const { default: Redis } = await import('ioredis');
  const redis = new Redis(url);
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
}

function gcKind(kind) {
  // perf_hooks.constants: NODE_PERFORMANCE_GC_MAJOR 4, MINOR 1, INCREMENTAL 8, WEAKCB 16.
  return (
    { 1: 'scavenge', 4: 'mark-compact', 8: 'incremental-marking', 16: 'weak-callbacks' }[kind] ?? `gc${kind}`
  );
}

function median(sorted) {
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function round(ms) {
  return Math.round(ms * 10) / 10;
}
