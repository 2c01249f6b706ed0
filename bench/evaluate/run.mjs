/**
 * The evaluation benchmark: Rampkit against unleash-client, @growthbook/growthbook and
 * @launchdarkly/node-server-sdk, each in its own process, taking turns over several rounds.
 * Prints the report and writes it to bench/results/evaluate.md. Exits non-zero when an SDK answered
 * wrongly, a connection was blocked, or a measurement failed.
 *
 *   node bench/evaluate/run.mjs [--quick] [--rounds N] [--units N] [--sdks rampkit,unleash,…]
 */
import { execFileSync, fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { renderReport } from './report.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const benchDir = dirname(here);
const guardPath = join(benchDir, 'guard', 'network-guard.mjs');
const SDKS = ['rampkit', 'unleash', 'growthbook', 'launchdarkly'];
/** In the memory table only (their evaluations are another adapter's): a client fed by RedisStore. */
const MEMORY_ONLY = ['rampkit-redis'];
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    rounds: { type: 'string' },
    units: { type: 'string' },
    sdks: { type: 'string' },
    'memory-processes': { type: 'string' },
  },
});
const rounds = Number(args.rounds ?? (args.quick ? 2 : 5));
const units = Number(args.units ?? (args.quick ? 100_000 : 1_000_000));
const options = {
  units,
  warmUnits: Math.min(50_000, units),
  allFlagsCount: 100,
  allFlagsUnits: args.quick ? 2_000 : 5_000,
  scalingFlags: 10_000,
  // Units tracked between two flushes in the tracking rows (tracking.mjs).
  trackChunkUnits: 25_000,
  // The memory table: flags held, and fresh processes per SDK (the median is reported).
  memoryFlags: 10_000,
  memoryProcesses: Number(args['memory-processes'] ?? 3),
};

function log(message) {
  process.stderr.write(`${message}\n`);
}

/** Proves the guard blocks outgoing connections before its zero count is trusted. */
function guardSelfCheck() {
  const out = execFileSync(
    process.execPath,
    ['--import', guardPath, join(benchDir, 'guard', 'self-check.mjs')],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  return JSON.parse(out);
}

function rampkitBuilt() {
  try {
    execFileSync(process.execPath, ['--input-type=module', '-e', "await import('@rampkit/core')"], {
      cwd: benchDir,
      stdio: 'ignore',
    });
    return true;
  } catch {
    return false;
  }
}

/** Whether Redis accepts a connection at REDIS_URL (the Redis-fed client is measured only then). */
function redisReachable() {
  const { hostname, port } = new URL(REDIS_URL);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port || 6379), timeout: 1000 });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

/** One fresh process of memory.mjs for `name`: its heap after load and after evaluating every flag. */
function measureMemory(name) {
  const out = execFileSync(
    process.execPath,
    ['--import', guardPath, '--expose-gc', join(here, 'memory.mjs'), name, String(options.memoryFlags)],
    { cwd: benchDir, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' } },
  );
  return JSON.parse(out.trim().split('\n').pop());
}

/** A forked worker and a promise-returning `request(type)` over its IPC channel. */
function startWorker(name) {
  const workerOptions = { ...options, scaling: name === 'rampkit' };
  const child = fork(join(here, 'worker.mjs'), [name, JSON.stringify(workerOptions)], {
    execArgv: ['--import', guardPath, '--expose-gc'],
    // Every SDK as its docs advise running it in production.
    env: { ...process.env, NODE_ENV: 'production' },
    cwd: benchDir,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let pending;
  let exited = false;
  child.on('message', (message) => {
    if (message.type === 'started' || pending === undefined) return;
    const { resolve, reject } = pending;
    pending = undefined;
    if (message.ok) resolve(message);
    else reject(new Error(`${name} ${message.type} failed:\n${message.error}`));
  });
  child.on('exit', (code) => {
    exited = true;
    if (pending !== undefined) pending.reject(new Error(`${name} worker exited with code ${code}`));
  });
  return {
    name,
    request(type) {
      if (exited) return Promise.reject(new Error(`${name} worker has exited`));
      return new Promise((resolve, reject) => {
        pending = { resolve, reject };
        child.send({ type });
      });
    },
    kill: () => child.kill(),
  };
}

async function main() {
  const started = Date.now();
  // Other work on the machine shows up as spread between rounds; the load says how busy it was.
  const loadBefore = loadavg()[0];
  const guard = guardSelfCheck();
  if (!guard.installed || guard.blockedAttempts !== guard.attempts || !guard.loopbackAllowed) {
    throw new Error(`network guard self-check failed: ${JSON.stringify(guard)}`);
  }
  const chosen = args.sdks === undefined ? SDKS : SDKS.filter((name) => args.sdks.split(',').includes(name));
  const sdks = rampkitBuilt() ? chosen : chosen.filter((name) => name !== 'rampkit');
  if (!sdks.includes('rampkit'))
    log('rampkit: @rampkit/core is not built (run `pnpm build`); measuring the peers only');
  log(`evaluate: ${rounds} rounds × ${units.toLocaleString('en-US')} units, SDKs: ${sdks.join(', ')}`);

  const workers = [];
  const info = {};
  const blocked = {};
  const collected = Object.fromEntries(sdks.map((name) => [name, []]));
  const heapGrowth = {};
  const problems = [];
  const memoryOnly = sdks.includes('rampkit') && (await redisReachable()) ? MEMORY_ONLY : [];
  if (sdks.includes('rampkit') && memoryOnly.length === 0)
    log(`rampkit-redis: no Redis at ${REDIS_URL}; the memory table leaves it out`);
  const memory = Object.fromEntries([...sdks, ...memoryOnly].map((name) => [name, []]));
  // First, before the workers hold a million contexts each: the machine's memory is not the measure,
  // but a process swapping out would slow the rounds.
  for (let p = 0; p < options.memoryProcesses; p++) {
    for (const name of [...sdks, ...memoryOnly]) memory[name].push(measureMemory(name));
  }
  log(
    `  memory: ${options.memoryProcesses} processes per SDK, ${options.memoryFlags.toLocaleString('en-US')} flags`,
  );
  try {
    // Started one at a time: building a million contexts is not measured, but it is not free either.
    for (const name of sdks) {
      const worker = startWorker(name);
      workers.push(worker);
      const reply = await worker.request('init');
      info[name] = reply.payload;
      blocked[name] = reply.blocked;
    }
    for (let r = 0; r < rounds; r++) {
      // Rotate who goes first so that no SDK always runs right after the same neighbour.
      const order = workers.map((_, i) => workers[(i + r) % workers.length]);
      for (const worker of order) {
        const t0 = Date.now();
        const reply = await worker.request('round');
        const { results, problems: found, heapGrowth: growth, units: measured } = reply.payload;
        collected[worker.name].push(results);
        if (growth !== undefined) heapGrowth[worker.name] = { bytes: growth, units: measured };
        problems.push(...found);
        blocked[worker.name] = reply.blocked;
        log(`  round ${r + 1}/${rounds} ${worker.name.padEnd(12)} ${((Date.now() - t0) / 1000).toFixed(1)}s`);
      }
    }
    for (const worker of workers) {
      const reply = await worker.request('finish');
      blocked[worker.name] = reply.blocked;
    }
  } catch (error) {
    for (const worker of workers) worker.kill();
    throw error;
  }

  const report = renderReport({
    date: new Date().toISOString(),
    node: process.version,
    cpu: `${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}`,
    loadBefore,
    rounds,
    units,
    quick: args.quick,
    options,
    info,
    collected,
    heapGrowth,
    memory,
    guard,
    blocked,
    problems,
    rampkitBuilt: sdks.includes('rampkit'),
    seconds: (Date.now() - started) / 1000,
  });
  process.stdout.write(`\n${report}\n`);
  mkdirSync(join(benchDir, 'results'), { recursive: true });
  writeFileSync(join(benchDir, 'results', 'evaluate.md'), report);
  log('written: bench/results/evaluate.md');

  const totalBlocked = Object.values(blocked).reduce((sum, n) => sum + n, 0);
  if (totalBlocked !== 0) throw new Error(`network guard: ${totalBlocked} blocked connections`);
  if (problems.length > 0) throw new Error(`wrong answers:\n  ${problems.join('\n  ')}`);
  if (!sdks.includes('rampkit')) process.exitCode = 1;
}

main().catch((error) => {
  log(`\nevaluate benchmark FAILED: ${error.message}`);
  process.exitCode = 1;
});
