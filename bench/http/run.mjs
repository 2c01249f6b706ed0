/**
 * The HTTP middleware benchmark: Express and Fastify, each bare, with a trivial middleware/hook, and
 * with Rampkit (three flags evaluated, two outcomes recorded), every server in its own process on
 * 127.0.0.1. Three phases:
 *
 * 1. In turns: autocannon loads one server at a time (A B C A B C …, each round starting one row
 *    later). Per row, the median over rounds of requests/s, p99 and the server's CPU µs per request.
 * 2. Side by side: a framework's three servers are loaded at the same time, so that whatever slows
 *    the machine down slows all three alike, and their CPU µs per request are compared round by
 *    round. On a shared machine whose speed swings by ±25% from one turn to the next, these paired
 *    ratios are the ones precise enough for targets of a few percent. They run in blocks, each with
 *    three fresh processes, because a process keeps whatever state V8 settled into, and that moves
 *    the ratio by a few points from one set of processes to the next.
 * 3. Allocation: the bytes each server allocates per request over a fixed number of requests, a
 *    count that, unlike time, does not depend on what else the machine is doing.
 *
 *   node bench/http/run.mjs [--quick] [--rounds N] [--duration S] [--side-blocks N] [--block-rounds N]
 *                           [--connections N] [--no-pin] [--diagnose]
 *
 * `--diagnose` adds apps.mjs's diagnostic servers (Rampkit serving no flag, Rampkit with no flag
 * tracked, the floor and the full floor) to every side-by-side block, and a table of their ratios. More servers
 * share the core then, so the main ratios of such a run are not comparable with a plain run's.
 *
 * With `taskset` and two or more cores, the servers run on core 0 and autocannon (this process) on
 * core 1, so that a server's CPU time is not inflated by sharing its core with the load generator.
 * Exits non-zero when a measurement failed (errors, non-2xx answers), a Rampkit server did not
 * record what it served, or a connection left the machine.
 */
import { execFileSync, fork } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { DIAGNOSTIC_VARIANTS, FRAMEWORKS, USER_REQUESTS, VARIANTS } from './apps.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const guardPath = join(here, '..', 'guard', 'network-guard.mjs');
const { guardState } = await import(guardPath);

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    rounds: { type: 'string' },
    duration: { type: 'string' },
    'side-blocks': { type: 'string' },
    'block-rounds': { type: 'string' },
    connections: { type: 'string', default: '10' },
    'no-pin': { type: 'boolean', default: false },
    diagnose: { type: 'boolean', default: false },
  },
});
/** The servers of each side-by-side block. */
const SIDE_VARIANTS = args.diagnose ? [...VARIANTS, ...DIAGNOSTIC_VARIANTS] : VARIANTS;
const rounds = Number(args.rounds ?? (args.quick ? 2 : 6));
const duration = Number(args.duration ?? (args.quick ? 1 : 3));
const sideBlocks = Number(args['side-blocks'] ?? (args.quick ? 2 : 6));
const blockRounds = Number(args['block-rounds'] ?? (args.quick ? 2 : 4));
const sideDuration = args.quick ? 1 : 2;
const connections = Number(args.connections);
const warmup = args.quick ? 1 : 2;
const allocRequests = args.quick ? 5_000 : 20_000;

const log = (message) => process.stderr.write(`${message}\n`);

/**
 * The traffic a row is measured with. `users`: every request names one of 64 users in `x-user-id`,
 * as logged-in traffic (and the trivial middleware) does. `first visits`: no user id and no cookie,
 * so Rampkit mints an anonymous id and sets its cookie on every response.
 */
const TRAFFIC = {
  users: USER_REQUESTS,
  'first visits': [{ method: 'GET', headers: {} }],
};

/** The rows: each framework's three servers on user traffic, then Rampkit on first visits. */
const ROWS = [
  ...VARIANTS.flatMap((variant) => FRAMEWORKS.map((framework) => ({ framework, variant, traffic: 'users' }))),
  ...FRAMEWORKS.map((framework) => ({ framework, variant: 'rampkit', traffic: 'first visits' })),
].map((row) => ({
  ...row,
  name: `${row.framework} ${row.variant}${row.traffic === 'users' ? '' : `, ${row.traffic}`}`,
}));

function canPin() {
  if (args['no-pin'] || cpus().length < 2) return false;
  try {
    execFileSync('taskset', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const pinned = canPin();
/** Pins every thread of `pid` to `core`. */
const pin = (pid, core) => execFileSync('taskset', ['-apc', String(core), String(pid)], { stdio: 'ignore' });

function guardSelfCheck() {
  const out = execFileSync(
    process.execPath,
    ['--import', guardPath, join(here, '..', 'guard', 'self-check.mjs')],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
  );
  return JSON.parse(out);
}

/** A forked server: `cpu()` is its CPU time so far in µs, `stats()` Rampkit's counters (or null). */
async function startServer(framework, variant) {
  const child = fork(join(here, 'server.mjs'), [framework, variant, args.diagnose ? 'diagnose' : ''], {
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
  if (pinned) pin(child.pid, 0);
  const ask = async (question) => {
    const answer = next();
    child.send(question);
    return answer;
  };
  return {
    url: `http://127.0.0.1:${ready.port}/`,
    /** Runs `load` and answers the bytes the server allocated meanwhile. */
    allocation: async (load) => {
      await ask('alloc-start');
      const result = await load();
      return { result, bytes: (await ask('alloc-stop')).bytes };
    },
    cpu: async () => (await ask('cpu')).micros,
    stats: async () => (await ask('stats')).stats,
    stop: () => child.disconnect(),
  };
}

function cannon(url, traffic, seconds) {
  return autocannon({ url, connections, pipelining: 1, duration: seconds, requests: TRAFFIC[traffic] });
}

/** One turn: `duration` seconds of load, with the server's CPU time over exactly that window. */
async function measure(row, server) {
  const before = await server.cpu();
  const startedAt = performance.now();
  const result = await cannon(server.url, row.traffic, duration);
  const wallMicros = (performance.now() - startedAt) * 1000;
  const cpuMicros = (await server.cpu()) - before;
  if (result.errors > 0 || result.non2xx > 0 || result.requests.total === 0) {
    throw new Error(`${row.name}: ${result.errors} errors, ${result.non2xx} non-2xx answers`);
  }
  return {
    rps: result.requests.total / (result.duration || duration),
    p99: result.latency.p99,
    cpuPerRequest: cpuMicros / result.requests.total,
    busy: cpuMicros / wallMicros,
    requests: result.requests.total,
  };
}

/**
 * One block of side-by-side rounds on a fresh trio (bare, trivial, rampkit; more with --diagnose):
 * per round, each server's CPU µs per request. Checks that the Rampkit server recorded two outcomes
 * per request.
 */
async function sideBySide(framework, trio, block) {
  // One joint round first, not counted: fresh processes are still compiling, and in the first round
  // loaded together they measured a third dearer than in the next ones.
  await Promise.all(trio.map((server) => cannon(server.url, 'users', sideDuration)));
  const rounds = [];
  let rampkitServed = 0;
  for (let round = 0; round < blockRounds; round++) {
    const before = await Promise.all(trio.map((server) => server.cpu()));
    const results = await Promise.all(trio.map((server) => cannon(server.url, 'users', sideDuration)));
    const after = await Promise.all(trio.map((server) => server.cpu()));
    const cpu = {};
    SIDE_VARIANTS.forEach((variant, i) => {
      const result = results[i];
      if (result.errors > 0 || result.non2xx > 0 || result.requests.total === 0) {
        throw new Error(
          `${framework} ${variant} side by side: ${result.errors} errors, ${result.non2xx} non-2xx`,
        );
      }
      cpu[variant] = (after[i] - before[i]) / result.requests.total;
      if (variant === 'rampkit') rampkitServed += result.requests.total;
    });
    rounds.push(cpu);
    log(
      `side by side, block ${block + 1}/${sideBlocks}, round ${round + 1}/${blockRounds}: ${framework} ` +
        SIDE_VARIANTS.map((variant) => `${variant} ${cpu[variant].toFixed(1)}`).join(', ') +
        ' µs CPU/request',
    );
  }
  const stats = await trio[SIDE_VARIANTS.indexOf('rampkit')].stats();
  if (!(stats?.outcomesRecorded >= 2 * rampkitServed)) {
    throw new Error(
      `${framework} rampkit side by side: ${stats?.outcomesRecorded} outcomes recorded for ${rampkitServed} requests`,
    );
  }
  return rounds;
}

/** A Rampkit server must set the anonymous cookie on first visits only. */
async function checkCookies(row, server) {
  const anonymous = await fetch(server.url);
  const known = await fetch(server.url, { headers: { 'x-user-id': 'user-1' } });
  await Promise.all([anonymous.text(), known.text()]);
  if (anonymous.headers.get('set-cookie')?.startsWith('rampkit_id=') !== true) {
    throw new Error(`${row.framework} rampkit: a first visit got no rampkit_id cookie`);
  }
  if (known.headers.get('set-cookie') !== null) {
    throw new Error(`${row.framework} rampkit: a request with a user id got a cookie`);
  }
}

/** The q-quantile by linear interpolation between order statistics. */
const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = q * (sorted.length - 1);
  const low = Math.floor(at);
  return sorted[low] + (sorted[Math.min(low + 1, sorted.length - 1)] - sorted[low]) * (at - low);
};

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/**
 * A confidence interval for the median of the distribution `values` were drawn from, assuming only
 * that they are independent: the k-th smallest and the k-th largest value, k the largest rank with
 * P(B < k) ≤ 2.5% for B ~ Binomial(n, ½), so that it holds the median with probability
 * 1 − 2·P(B < k) ≥ 95%. Undefined for fewer than 6 values, where no such k exists.
 */
const medianInterval = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  let k = 0;
  let below = 0; // P(B < k)
  let term = 2 ** -n; // P(B = k)
  while (k < n && below + term <= 0.025) {
    below += term;
    k += 1;
    term = (term * (n - k + 1)) / k;
  }
  return k === 0 ? undefined : { low: sorted[k - 1], high: sorted[n - k], coverage: 1 - 2 * below };
};

// 1. The guard must be shown to block before its zero count means anything.
const selfCheck = guardSelfCheck();
if (!selfCheck.installed || selfCheck.blockedAttempts !== selfCheck.attempts || !selfCheck.loopbackAllowed) {
  throw new Error(`network guard self-check failed: ${JSON.stringify(selfCheck)}`);
}

const loadAtStart = loadavg();
if (pinned) pin(process.pid, 1);
const servers = new Map();
let failed = false;
try {
  // 2. Start a server per row (first visits too, so that every process takes the same turns and idles
  // as long), check what Rampkit answers, and warm each row up (JIT) before measuring.
  for (const row of ROWS) servers.set(row.name, await startServer(row.framework, row.variant));
  const serverOf = (row) => servers.get(row.name);
  for (const row of ROWS) {
    if (row.variant === 'rampkit' && row.traffic === 'users') await checkCookies(row, serverOf(row));
    log(`warming up ${row.name} (${warmup} s)`);
    await cannon(serverOf(row).url, row.traffic, warmup);
  }

  // 3. Rounds: every row once per round, in a fixed order, each round starting one row later.
  const samples = new Map(ROWS.map((row) => [row.name, []]));
  const served = new Map();
  for (let round = 0; round < rounds; round++) {
    for (let turn = 0; turn < ROWS.length; turn++) {
      const row = ROWS[(round + turn) % ROWS.length];
      const sample = await measure(row, serverOf(row));
      samples.get(row.name).push(sample);
      served.set(row.name, (served.get(row.name) ?? 0) + sample.requests);
      log(
        `round ${round + 1}/${rounds}: ${row.name.padEnd(30)} ${Math.round(sample.rps)} req/s, ` +
          `${sample.cpuPerRequest.toFixed(1)} µs CPU/request, server busy ${(sample.busy * 100).toFixed(0)}%`,
      );
    }
  }

  // 4. Side by side: per framework, its three servers at once; CPU per request compared per round.
  // Each block starts three fresh processes (built like the others, all apps in each), so that the
  // blocks sample the states V8 can settle into, not only the machine's noise.
  const side = new Map();
  for (const framework of FRAMEWORKS) {
    const blocks = [];
    for (let block = 0; block < sideBlocks; block++) {
      const trio = [];
      try {
        for (const variant of SIDE_VARIANTS) trio.push(await startServer(framework, variant));
        for (const server of trio) await cannon(server.url, 'users', warmup);
        blocks.push(await sideBySide(framework, trio, block));
      } finally {
        for (const server of trio) server.stop();
      }
    }
    side.set(framework, blocks);
  }

  // 5. Every Rampkit server recorded two outcomes per request it was timed on (at least).
  for (const row of ROWS.filter((r) => r.variant === 'rampkit')) {
    const stats = await serverOf(row).stats();
    if (!(stats?.outcomesRecorded >= 2 * served.get(row.name))) {
      throw new Error(
        `${row.name}: ${stats?.outcomesRecorded} outcomes recorded for ${served.get(row.name)} requests`,
      );
    }
  }

  // 6. Allocation per request, after the timed phases (the profiler slows a server down).
  const allocation = new Map();
  for (const row of ROWS) {
    const { result, bytes } = await serverOf(row).allocation(() =>
      autocannon({
        url: serverOf(row).url,
        connections,
        amount: allocRequests,
        requests: TRAFFIC[row.traffic],
      }),
    );
    if (result.errors > 0 || result.non2xx > 0 || result.requests.total === 0) {
      throw new Error(`${row.name} allocation: ${result.errors} errors, ${result.non2xx} non-2xx answers`);
    }
    allocation.set(row.name, bytes / result.requests.total);
    log(`allocation: ${row.name.padEnd(30)} ${Math.round(bytes / result.requests.total)} bytes/request`);
  }

  const summary = new Map(
    [...samples].map(([name, runs]) => [
      name,
      {
        rps: median(runs.map((r) => r.rps)),
        p99: median(runs.map((r) => r.p99)),
        cpuPerRequest: median(runs.map((r) => r.cpuPerRequest)),
        busy: median(runs.map((r) => r.busy)),
      },
    ]),
  );
  console.log(report(summary, side, samples, allocation));
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

function report(summary, side, samples, allocation) {
  const pct = (value) => `${(value * 100).toFixed(1)}%`;
  // The interval's coverage depends only on the number of blocks.
  const coverage = medianInterval(Array.from({ length: sideBlocks }, () => 0))?.coverage;
  const get = (framework, variant) => summary.get(`${framework} ${variant}`);
  const loads = (values) => values.map((l) => l.toFixed(2)).join(' ');
  const lines = [
    `node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}; ` +
      `load average ${loads(loadAtStart)} at start, ${loads(loadavg())} at end; ` +
      (pinned ? 'servers pinned to core 0, autocannon to core 1; ' : 'not pinned; ') +
      `${connections} connections per server`,
    '',
    `In turns: ${rounds} rounds × ${duration} s per row, medians over rounds.`,
    '',
    '| server | req/s | p99 ms | CPU µs/req | server busy | req/s vs bare | req/s vs trivial | CPU vs bare | CPU vs trivial |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const row of ROWS) {
    const s = summary.get(row.name);
    const bare = get(row.framework, 'bare');
    const trivial = get(row.framework, 'trivial');
    const cells = [
      row.name,
      Math.round(s.rps),
      s.p99.toFixed(0),
      s.cpuPerRequest.toFixed(2),
      pct(s.busy),
      pct(s.rps / bare.rps),
      pct(s.rps / trivial.rps),
      pct(bare.cpuPerRequest / s.cpuPerRequest),
      pct(trivial.cpuPerRequest / s.cpuPerRequest),
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  lines.push(
    '',
    `Side by side: ${sideBlocks} blocks of ${blockRounds} rounds × ${sideDuration} s, each block on ` +
      `${SIDE_VARIANTS.length} fresh processes loaded at once; per round, the baseline’s CPU per ` +
      'request divided by the other’s. ' +
      'Per block, the median over its rounds; shown, the median of the blocks’ medians and, in brackets, ' +
      `a ${coverage === undefined ? '' : `${pct(coverage)} `}confidence interval for it (see \`medianInterval\`).`,
    '',
    '| framework | trivial vs bare | rampkit vs bare | rampkit vs trivial |',
    '| --- | ---: | ---: | ---: |',
  );
  const paired = (framework, variant, baseline) => {
    const perBlock = side
      .get(framework)
      .map((rounds) => median(rounds.map((cpu) => cpu[baseline] / cpu[variant])));
    return { median: median(perBlock), interval: medianInterval(perBlock) };
  };
  const shown = ({ median: m, interval }) =>
    interval === undefined
      ? `${pct(m)} (too few blocks)`
      : `${pct(m)} (${pct(interval.low)}–${pct(interval.high)})`;
  // Met only when the whole interval clears the target; not met when it lies wholly below.
  const verdict = ({ interval }, target) => {
    if (interval === undefined) return 'not shown (too few blocks for an interval)';
    if (interval.low >= target) return 'met';
    if (interval.high < target) return 'not met';
    return 'not shown either way (the interval straddles the target)';
  };
  for (const framework of FRAMEWORKS) {
    const cells = [
      framework,
      shown(paired(framework, 'trivial', 'bare')),
      shown(paired(framework, 'rampkit', 'bare')),
      shown(paired(framework, 'rampkit', 'trivial')),
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  if (args.diagnose) {
    lines.push(
      '',
      'Diagnostic servers, side by side in the same blocks (see apps.mjs): rampkit-hook serves no flag, ' +
        'rampkit-untracked serves the three flags with none tracked, floor is the least code doing the ' +
        'rampkit server’s work for these requests, floor-full adds the context defaults and latency histograms.',
      '',
      `| framework | ${SIDE_VARIANTS.filter((v) => v !== 'bare')
        .map((v) => `${v} vs bare`)
        .join(' | ')} |`,
      `| --- |${SIDE_VARIANTS.filter((v) => v !== 'bare')
        .map(() => ' ---: |')
        .join('')}`,
    );
    for (const framework of FRAMEWORKS) {
      const cells = SIDE_VARIANTS.filter((v) => v !== 'bare').map((v) => shown(paired(framework, v, 'bare')));
      lines.push(`| ${framework} | ${cells.join(' | ')} |`);
    }
  }
  lines.push('');
  const targets = [
    ['Fastify with Rampkit vs bare', 'fastify', 'bare', 0.95],
    ['Express with Rampkit vs trivial middleware', 'express', 'trivial', 0.97],
  ];
  // In turns, the two rows' samples of one round are seconds apart: their ratio cancels the slow
  // drifts of the machine that the ratio of medians over the whole run keeps.
  const perRound = (framework, baseline) => {
    const ours = samples.get(`${framework} rampkit`);
    const theirs = samples.get(`${framework} ${baseline}`);
    const rps = ours.map((sample, i) => sample.rps / theirs[i].rps);
    const cpu = ours.map((sample, i) => theirs[i].cpuPerRequest / sample.cpuPerRequest);
    const spread = (ratios) =>
      `${pct(median(ratios))} (quartiles ${pct(quantile(ratios, 0.25))}–${pct(quantile(ratios, 0.75))})`;
    return `req/s ${spread(rps)}, CPU per request ${spread(cpu)}`;
  };
  for (const [label, framework, baseline, target] of targets) {
    const rampkit = get(framework, 'rampkit');
    const base = get(framework, baseline);
    const bySide = paired(framework, 'rampkit', baseline);
    const byRps = rampkit.rps / base.rps;
    const byCpu = base.cpuPerRequest / rampkit.cpuPerRequest;
    lines.push(
      `${label} (target ≥ ${pct(target)}): side by side, CPU per request ${shown(bySide)} — ` +
        `${verdict(bySide, target)}; in turns, req/s ${pct(byRps)}, CPU per request ${pct(byCpu)}; ` +
        `in turns paired per round, ${perRound(framework, baseline)}`,
    );
  }
  lines.push(
    '',
    `Allocated per request: ${allocRequests.toLocaleString('en-US')} requests per row, V8's sampling heap ` +
      'profiler (one sample per 128 bytes on average, objects already collected included). Its sampling ' +
      'error is far below 1% at this count and does not depend on the machine; runs still differ by a few ' +
      'percent, with what V8 happened to inline and which allocations it could remove.',
    '',
    '| server | bytes/request | more than bare | more than trivial |',
    '| --- | ---: | ---: | ---: |',
  );
  for (const row of ROWS) {
    const bytes = allocation.get(row.name);
    const bare = allocation.get(`${row.framework} bare`);
    const trivial = allocation.get(`${row.framework} trivial`);
    const more = (base) => `${Math.round(bytes - base)}`;
    lines.push(`| ${row.name} | ${Math.round(bytes)} | ${more(bare)} | ${more(trivial)} |`);
  }
  lines.push('');
  lines.push(`Connections blocked by the network guard: ${guardState().blocked}`);
  lines.push(
    'p99 from autocannon (1 ms resolution). CPU = the server process, user + system, over the ' +
      'measured window; "CPU vs X" is X’s CPU per request divided by this row’s (like req/s, below ' +
      '100% means slower). Server busy = CPU time / wall time: below 100% the server was not the ' +
      'bottleneck. Side by side, the servers share one core, so their absolute CPU per request is ' +
      'higher than in turns; only the ratios are reported.',
  );
  return lines.join('\n');
}
