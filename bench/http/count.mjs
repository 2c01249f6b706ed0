/**
 * Instructions per request, counted by valgrind's callgrind: a measure that, unlike CPU time, does
 * not move with what else the machine is doing, so a change of a few hundred instructions a request
 * shows in one run. Not part of `bench/run.mjs`: it needs valgrind and takes minutes per server.
 *
 *   node bench/http/count.mjs [--framework fastify|express] [--variants bare,trivial,rampkit]
 *                             [--warm N] [--count N] [--top N] [--match REGEX] [--diagnose]
 *                             [--keep DIR]
 *
 * Each variant's server (server.mjs, every app built, as in the timed runs) starts under callgrind with
 * instrumentation off; `--warm` requests bring it to its steady state, instrumentation is switched on
 * for the next `--count` answers (give or take the three other requests in flight), and the counts
 * are dumped. A window in which V8 was still compiling is followed by another, up to three (the table
 * marks a later window, and one still compiling). Four keep-alive connections, the same throughout,
 * send the timed runs' traffic (64 users in `x-user-id`). Reported per request, by where the
 * instructions ran:
 * - JS: optimised and baseline JavaScript (named from `node --perf-basic-prof`'s map);
 * - builtins: V8's embedded builtins (property access, calls, allocation fast paths);
 * - runtime: V8's C++ runtime (slow paths, inline-cache misses);
 * - gc and compiler: V8's garbage collector and optimising compilers (their threads included);
 * - native: the rest of node (libuv, llhttp, Node's C++) and libc.
 * The garbage collector and the compiler threads depend on timing, and run differently under
 * valgrind, so the last two columns compare the other four: the difference from the first server,
 * and the first's count divided by each one's (read like the timed runs' "CPU vs bare", where
 * 95% is the Fastify target). Each total is followed by the top functions
 * by self count, the functions matching `--match` (for instance `packages/`, Rampkit's own code) and
 * the largest differences from the first variant.
 *
 * A process in Node 20's slow `nextTick` state (README.md, "A trap in Node 20") spends some 35,000
 * more instructions a request in V8's runtime whatever it serves; the table marks it, and only
 * processes in the same state compare. Under valgrind a process falls into it more often than not.
 */
import { execFileSync, fork } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { DIAGNOSTIC_VARIANTS, FRAMEWORKS, USER_REQUESTS, VARIANTS } from './apps.mjs';
import { countsByKind } from './callgrind.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  options: {
    framework: { type: 'string', default: 'fastify' },
    variants: { type: 'string', default: 'bare,trivial,rampkit' },
    // Under valgrind V8's compiler threads lag far behind: after 20,000 requests a Rampkit server was
    // still compiling (some 4,600 instructions a request in the compiler column), after 50,000 mostly
    // not (and a window in which it still is gets followed by another: see `countedLoad`).
    warm: { type: 'string', default: '50000' },
    count: { type: 'string', default: '10000' },
    top: { type: 'string', default: '25' },
    diagnose: { type: 'boolean', default: false },
    match: { type: 'string' },
    // Keeps each variant's callgrind output and perf map there, for `callgrind_annotate --tree=caller`.
    keep: { type: 'string' },
  },
});
const warm = Number(args.warm);
const count = Number(args.count);
if (!(Number.isInteger(warm) && warm >= 1 && Number.isInteger(count) && count >= 1)) {
  process.stderr.write(`count.mjs: --warm and --count must be whole numbers of at least 1\n`);
  process.exit(1);
}
const log = (message) => process.stderr.write(`${message}\n`);

try {
  execFileSync('valgrind', ['--version'], { stdio: 'ignore' });
} catch {
  log('count.mjs needs valgrind (Debian: apt-get install valgrind)');
  process.exit(1);
}

/** Counted windows a server gets to finish compiling in; each is `count` requests. */
const WINDOWS = 3;
/** Compiler-thread instructions a request above which a window is taken as still compiling. */
const COMPILING = 1_000;

/**
 * Sends the timed runs' user traffic over four keep-alive connections: `warm` requests, then counted
 * windows of `count` requests each (give or take the three other requests in flight). Each window is
 * dumped (to `<outFile>.<window>`); the first whose compiler threads ran fewer than `COMPILING`
 * instructions a request is kept, and the load stops there. Under valgrind V8's compiler threads lag
 * far behind the main thread, and a window in which they still compile also runs code not yet
 * optimised. After `WINDOWS` windows the last is kept, and marked.
 *
 * One run, so the counted requests travel the same connections as the warm-up: new sockets have new
 * hidden classes, and Node's and Fastify's code optimised for the old ones (some of it inlined into
 * Rampkit's, such as Node's `headers` getter) would be deoptimised and compiled again inside the count.
 */
async function countedLoad(port, pid, outFile) {
  const control = (...flags) =>
    execFileSync('callgrind_control', [...flags, String(pid)], { stdio: 'ignore' });
  let answered = 0;
  let kept;
  const instance = autocannon({
    url: `http://127.0.0.1:${port}/`,
    connections: 4,
    pipelining: 1,
    amount: warm + WINDOWS * count,
    // Under valgrind a request takes a hundred times as long; autocannon's default is 10 s.
    timeout: 120,
    requests: USER_REQUESTS,
  });
  instance.on('response', () => {
    answered += 1;
    if (kept !== undefined) return;
    if (answered === warm) control('-i', 'on');
    if (answered <= warm || (answered - warm) % count !== 0) return;
    const window = (answered - warm) / count;
    control('-d');
    const compiling = countsByKind([`${outFile}.${window}`], pid).kinds.compiler / count >= COMPILING;
    if (compiling && window < WINDOWS) return;
    control('-i', 'off');
    kept = { window, compiling };
    instance.stop();
  });
  const result = await instance;
  if (result.errors > 0 || result.non2xx > 0) {
    throw new Error(`${result.errors} errors and ${result.non2xx} non-2xx answers while counting`);
  }
  if (kept === undefined)
    throw new Error(`the server answered ${answered} of ${warm + WINDOWS * count} requests`);
  return kept;
}

/** Starts one server under callgrind, instrumentation off; resolves with its port and process. */
async function start(variant, dir, outFile) {
  const child = fork(join(here, 'server.mjs'), [args.framework, variant, args.diagnose ? 'diagnose' : ''], {
    execPath: 'valgrind',
    execArgv: [
      '--tool=callgrind',
      '--smc-check=all-non-file',
      '--instr-atstart=no',
      `--callgrind-out-file=${outFile}`,
      process.execPath,
      '--perf-basic-prof',
    ],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    // `--perf-basic-prof` also makes V8 write an isolate-*.log into the working directory.
    cwd: dir,
    // The flush timer runs by wall time, a hundred times as often per request under valgrind.
    env: { ...process.env, RAMPKIT_BENCH_FLUSH_MS: String(24 * 3_600_000) },
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const ready = await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${variant} exited with ${code}\n${stderr}`)));
    child.once('message', resolve);
  });
  return { child, port: ready.port };
}

async function countVariant(variant, position) {
  const dir = mkdtempSync(join(tmpdir(), 'rampkit-count-'));
  const outFile = join(dir, 'callgrind.out');
  log(`${args.framework} ${variant}: starting under callgrind`);
  const { child, port } = await start(variant, dir, outFile);
  try {
    const { window, compiling } = await countedLoad(port, child.pid, outFile);
    const { kinds, byName } = countsByKind([`${outFile}.${window}`], child.pid);
    // Node 20's tick-object literal fallen back to the runtime: thousands a request when it has.
    const trapped =
      (byName.get(
        'runtime v8::internal::Runtime_DefineKeyedOwnPropertyInLiteral(int, unsigned long*, v8::internal::Isolate*)',
      ) ?? 0) >
      count * 1_000;
    const marks = [
      ...(trapped ? ['slow nextTick'] : []),
      ...(window > 1 ? [`window ${window}`] : []),
      ...(compiling ? ['still compiling'] : []),
    ];
    return { variant: marks.length > 0 ? `${variant} (${marks.join(', ')})` : variant, kinds, byName };
  } finally {
    child.kill('SIGKILL');
    if (args.keep !== undefined) keepOutput(`${position}-${variant}`, dir, child.pid);
    rmSync(dir, { recursive: true, force: true });
    rmSync(`/tmp/perf-${child.pid}.map`, { force: true });
  }
}

/** Copies a server's callgrind files and perf map into `--keep`, their names starting with `name`. */
function keepOutput(name, dir, pid) {
  mkdirSync(args.keep, { recursive: true });
  for (const file of readdirSync(dir)) {
    if (file.startsWith('callgrind.out')) copyFileSync(join(dir, file), join(args.keep, `${name}.${file}`));
  }
  const map = `/tmp/perf-${pid}.map`;
  if (existsSync(map)) copyFileSync(map, join(args.keep, `${name}.perf.map`));
}

if (!FRAMEWORKS.includes(args.framework)) {
  log(`count.mjs: no framework "${args.framework}"; known: ${FRAMEWORKS.join(', ')}`);
  process.exit(1);
}
const known = args.diagnose ? [...VARIANTS, ...DIAGNOSTIC_VARIANTS] : VARIANTS;
for (const variant of args.variants.split(',')) {
  if (known.includes(variant)) continue;
  const hint = DIAGNOSTIC_VARIANTS.includes(variant) ? ' (a diagnostic server: add --diagnose)' : '';
  log(`count.mjs: no ${args.framework} server "${variant}"${hint}; known: ${known.join(', ')}`);
  process.exit(1);
}
const results = [];
for (const [position, variant] of args.variants.split(',').entries()) {
  results.push(await countVariant(variant, position + 1));
}

const perRequest = (n) => Math.round(n / count);
console.log(`\n${args.framework}: instructions per request (${count} requests counted after ${warm})\n`);
console.log(
  '| server | JS | builtins | runtime | native | gc | compiler | all | JS+builtins+runtime+native vs first | first ÷ this |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
const steady = (kinds) => kinds.JS + kinds.builtins + kinds.runtime + kinds.native;
const base = steady(results[0].kinds);
for (const { variant, kinds } of results) {
  const all = steady(kinds) + kinds.gc + kinds.compiler;
  const more = steady(kinds) - base;
  console.log(
    `| ${variant} | ${[kinds.JS, kinds.builtins, kinds.runtime, kinds.native, kinds.gc, kinds.compiler, all].map(perRequest).join(' | ')} | ` +
      `${more >= 0 ? '+' : ''}${perRequest(more)} | ${((100 * base) / steady(kinds)).toFixed(1)}% |`,
  );
}
printTargets();
const first = results[0];
for (const { variant, byName } of results) {
  console.log(`\n${variant}: top functions by self count, per request`);
  const top = [...byName].sort((a, b) => b[1] - a[1]).slice(0, Number(args.top));
  for (const [name, cost] of top)
    console.log(`${String(perRequest(cost)).padStart(7)}  ${name.slice(0, 150)}`);
  if (args.match !== undefined) {
    const pattern = new RegExp(args.match);
    const matching = [...byName].filter(([name]) => pattern.test(name)).sort((a, b) => b[1] - a[1]);
    const total = matching.reduce((sum, [, cost]) => sum + cost, 0);
    console.log(`\n${variant}: functions matching /${args.match}/, ${perRequest(total)} per request in all`);
    for (const [name, cost] of matching) {
      if (cost >= count) console.log(`${String(perRequest(cost)).padStart(7)}  ${name.slice(0, 150)}`);
    }
  }
  if (variant === first.variant) continue;
  console.log(
    `\n${variant}: largest differences from ${first.variant} (gc and compiler left out), per request`,
  );
  const names = new Set([...byName.keys(), ...first.byName.keys()]);
  const diffs = [...names]
    .filter((name) => !/^(gc|compiler) /.test(name))
    .map((name) => [name, (byName.get(name) ?? 0) - (first.byName.get(name) ?? 0)])
    .filter(([, diff]) => Math.abs(diff) >= count * 20)
    .sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]))
    .slice(0, Number(args.top));
  for (const [name, diff] of diffs) {
    console.log(`${`${diff > 0 ? '+' : ''}${perRequest(diff)}`.padStart(7)}  ${name.slice(0, 150)}`);
  }
}

/**
 * Issue #24's targets and regression guards, for the servers this run counted (JS, builtins, runtime
 * and native, as the table's last two columns). Only processes in the same `nextTick` state compare:
 * a line whose servers differ in it says so instead of a verdict.
 */
function printTargets() {
  const byVariant = new Map(results.map((result) => [result.variant.split(' (')[0], result]));
  const slow = (result) => result.variant.includes('slow nextTick');
  const lines = [];
  const check = (names, label, holds) => {
    const found = names.map((name) => byVariant.get(name));
    if (found.some((result) => result === undefined)) return;
    const counts = found.map((result) => steady(result.kinds) / count);
    const mixed = new Set(found.map(slow)).size > 1;
    const { text, pass } = holds(...counts);
    const verdict = mixed ? 'not compared (processes in different nextTick states)' : pass ? 'pass' : 'FAIL';
    lines.push(`- ${label}: ${text}${pass === undefined && !mixed ? '' : ` — ${verdict}`}`);
  };
  const share = (a, b) => `${((100 * a) / b).toFixed(1)}%`;
  if (args.framework === 'fastify') {
    check(['bare', 'rampkit'], 'Rampkit ≥ 91% of bare Fastify', (bare, rampkit) => ({
      text: share(bare, rampkit),
      pass: bare / rampkit >= 0.91,
    }));
  } else {
    check(['trivial', 'rampkit'], 'Rampkit ≥ 98.5% of the trivial Express app', (trivial, rampkit) => ({
      text: share(trivial, rampkit),
      pass: trivial / rampkit >= 0.985,
    }));
  }
  check(
    ['bare', 'floor-full', 'rampkit'],
    "Rampkit's overhead ≤ 1.25× the full floor's",
    (bare, floor, rampkit) => ({
      text: `+${Math.round(rampkit - bare)} against +${Math.round(floor - bare)}, ${((rampkit - bare) / (floor - bare)).toFixed(2)}×`,
      pass: rampkit - bare <= 1.25 * (floor - bare),
    }),
  );
  for (const peer of ['growthbook', 'growthbook-close']) {
    check(
      ['bare', peer, 'rampkit'],
      `Rampkit's overhead ≤ 20% of the ${peer} server's`,
      (bare, other, rampkit) => ({
        text: `+${Math.round(rampkit - bare)} against +${Math.round(other - bare)}, ${share(rampkit - bare, other - bare)}`,
        pass: rampkit - bare <= 0.2 * (other - bare),
      }),
    );
  }
  check(
    ['rampkit', 'exporter'],
    'the exporter (registered, not scraped) over Rampkit',
    (rampkit, exporter) => ({
      // A figure, not a verdict: one process of the same code moves by a few hundred (LOG.md).
      text: `${exporter - rampkit >= 0 ? '+' : ''}${Math.round(exporter - rampkit)} (${share(exporter - rampkit, rampkit)})`,
      pass: undefined,
    }),
  );
  if (lines.length === 0) return;
  console.log(`\nTargets (issue #24), by instructions per request:\n${lines.join('\n')}`);
}
