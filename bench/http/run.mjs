/**
 * The HTTP middleware benchmark: Express and Fastify, each bare, with a trivial middleware/hook, and
 * with Rampkit (three flags evaluated, outcomes recorded), every server in its own process on
 * 127.0.0.1, measured with autocannon in turns (A B C A B C …) so drift hits every variant alike.
 * Prints requests/s, p99 latency and server CPU µs per request for each, and the ratios.
 *
 *   node bench/http/run.mjs [--quick] [--rounds N] [--duration S] [--connections N]
 *
 * Exits non-zero when a measurement failed (errors, non-2xx answers) or a connection left the machine.
 */
import { execFileSync, fork } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { FRAMEWORKS, VARIANTS } from './apps.mjs';
import { load } from './resolve.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const guardPath = join(here, '..', 'guard', 'network-guard.mjs');
const { guardState } = await import(guardPath);

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    rounds: { type: 'string' },
    duration: { type: 'string' },
    connections: { type: 'string', default: '10' },
  },
});
const rounds = Number(args.rounds ?? (args.quick ? 2 : 5));
const duration = Number(args.duration ?? (args.quick ? 2 : 4));
const connections = Number(args.connections);
const warmup = args.quick ? 1 : 2;
const USERS = 64;

const autocannon = await load('autocannon');
const log = (message) => process.stderr.write(`${message}\n`);

function guardSelfCheck() {
  const out = execFileSync(
    process.execPath,
    ['--import', guardPath, join(here, '..', 'guard', 'self-check.mjs')],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  return JSON.parse(out);
}

/** A forked server and `cpu()`: its CPU time so far in microseconds. */
async function startServer(framework, variant) {
  const child = fork(join(here, 'server.mjs'), [framework, variant], {
    execArgv: ['--import', guardPath],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = () =>
    new Promise((resolve, reject) => {
      const onExit = (code) => reject(new Error(`${framework}/${variant} server exited with ${code}`));
      child.once('exit', onExit);
      child.once('message', (message) => {
        child.off('exit', onExit);
        resolve(message);
      });
    });
  const ready = await next();
  return {
    name: `${framework}/${variant}`,
    url: `http://127.0.0.1:${ready.port}/`,
    async cpu() {
      const answer = next();
      child.send('cpu');
      return (await answer).micros;
    },
    stop: () => child.disconnect(),
  };
}

const requests = Array.from({ length: USERS }, (_, i) => ({
  method: 'GET',
  headers: { 'x-user-id': `user-${i}` },
}));

function cannon(url, seconds) {
  return autocannon({ url, connections, pipelining: 1, duration: seconds, requests });
}

async function measure(server) {
  const before = await server.cpu();
  const result = await cannon(server.url, duration);
  const after = await server.cpu();
  if (result.errors > 0 || result.non2xx > 0 || result.requests.total === 0) {
    throw new Error(`${server.name}: ${result.errors} errors, ${result.non2xx} non-2xx answers`);
  }
  return {
    rps: result.requests.total / (result.duration || duration),
    p99: result.latency.p99,
    cpuPerRequest: (after - before) / result.requests.total,
  };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

// 1. The guard must be shown to block before its zero count means anything.
const selfCheck = guardSelfCheck();
if (!selfCheck.installed || selfCheck.blockedAttempts !== selfCheck.attempts || !selfCheck.loopbackAllowed) {
  throw new Error(`network guard self-check failed: ${JSON.stringify(selfCheck)}`);
}

// 2. Start every server, then warm each up (JIT, connection pools) before anything is measured.
const servers = new Map();
for (const framework of FRAMEWORKS) {
  for (const variant of VARIANTS)
    servers.set(`${framework}/${variant}`, await startServer(framework, variant));
}
let failed = false;
try {
  for (const server of servers.values()) {
    log(`warming up ${server.name} (${warmup} s)`);
    await cannon(server.url, warmup);
  }

  // 3. Rounds: the variants take turns (A B C A B C …), frameworks interleaved; each round starts
  // one variant later (A B C, B C A, C A B) so that no variant always runs first or last.
  const samples = new Map([...servers.keys()].map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (let turn = 0; turn < VARIANTS.length; turn++) {
      const variant = VARIANTS[(round + turn) % VARIANTS.length];
      for (const framework of FRAMEWORKS) {
        const server = servers.get(`${framework}/${variant}`);
        const sample = await measure(server);
        samples.get(server.name).push(sample);
        log(
          `round ${round + 1}/${rounds}: ${server.name.padEnd(16)} ${Math.round(sample.rps)} req/s, ` +
            `${sample.cpuPerRequest.toFixed(1)} µs CPU/request`,
        );
      }
    }
  }

  // 4. Medians per server, and the ratios the targets are stated in.
  const summary = new Map(
    [...samples].map(([name, runs]) => [
      name,
      {
        rps: median(runs.map((r) => r.rps)),
        p99: median(runs.map((r) => r.p99)),
        cpuPerRequest: median(runs.map((r) => r.cpuPerRequest)),
        // The least disturbed round: on a shared machine, other processes only ever slow a server down.
        bestRps: Math.max(...runs.map((r) => r.rps)),
        bestCpuPerRequest: Math.min(...runs.map((r) => r.cpuPerRequest)),
      },
    ]),
  );
  printReport(summary);
} catch (error) {
  failed = true;
  log(String(error?.stack ?? error));
} finally {
  for (const server of servers.values()) server.stop();
}

const blocked = guardState().blocked;
if (blocked > 0) {
  log(`network guard blocked ${blocked} connection(s): ${guardState().attempts.join(', ')}`);
  failed = true;
}
process.exitCode = failed ? 1 : 0;

function printReport(summary) {
  const pct = (value) => `${(value * 100).toFixed(1)}%`;
  const get = (framework, variant) => summary.get(`${framework}/${variant}`);
  const lines = [];
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  lines.push(
    `node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, load ${load}; ` +
      `${rounds} rounds × ${duration} s per server, ${connections} connections, ${USERS} user ids`,
  );
  lines.push('');
  lines.push(
    '| server | req/s (median) | req/s (best) | p99 ms | CPU µs/req (median) | CPU µs/req (best) | req/s vs bare | req/s vs trivial |',
  );
  lines.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const framework of FRAMEWORKS) {
    for (const variant of VARIANTS) {
      const s = get(framework, variant);
      const cells = [
        `${framework} ${variant}`,
        Math.round(s.rps),
        Math.round(s.bestRps),
        s.p99.toFixed(1),
        s.cpuPerRequest.toFixed(1),
        s.bestCpuPerRequest.toFixed(1),
        pct(s.rps / get(framework, 'bare').rps),
        pct(s.rps / get(framework, 'trivial').rps),
      ];
      lines.push(`| ${cells.join(' | ')} |`);
    }
  }
  lines.push('');
  const targets = [
    ['Fastify with Rampkit / bare', 'fastify', 'bare', 0.95],
    ['Express with Rampkit / trivial middleware', 'express', 'trivial', 0.97],
  ];
  for (const [label, framework, baseline, target] of targets) {
    const rampkit = get(framework, 'rampkit');
    const base = get(framework, baseline);
    const ratios = [
      ['req/s, medians', rampkit.rps / base.rps],
      ['req/s, best rounds', rampkit.bestRps / base.bestRps],
      ['CPU per request, best rounds (inverted)', base.bestCpuPerRequest / rampkit.bestCpuPerRequest],
    ];
    const shown = ratios.map(([what, ratio]) => `${pct(ratio)} (${what})`).join('; ');
    const met = ratios[0][1] >= target ? 'met' : 'NOT met';
    lines.push(`${label}: ${shown} — target ≥ ${pct(target)}: ${met}`);
  }
  lines.push(`Connections blocked by the network guard: ${guardState().blocked}`);
  lines.push('(p99 from autocannon, 1 ms resolution; CPU = the server process, user + system)');
  console.log(lines.join('\n'));
}
