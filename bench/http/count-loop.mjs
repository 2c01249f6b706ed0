/**
 * Instructions per request of Rampkit's request logic alone, in process: `HttpFlags` with a stand-in
 * adapter, no HTTP, the bench's three flags and 64 users. Counted by callgrind on the main thread of
 * `node --single-threaded`, where V8 compiles on that thread and in a fixed order, so that repeated
 * runs of the same code agree within about 2% (a server's count moves by 1,000–3,000 with what V8
 * happened to inline). Use it to weigh a change to core's request path in a minute; count.mjs then
 * shows what a server makes of it.
 *
 *   node bench/http/count-loop.mjs [--mode tracked|untracked|hook] [--requests N] [--top N]
 *                                  [--node-option=--no-turbo-inlining …] [--exporter]
 *
 * - tracked: `begin`, the three evaluations (two of them tracked) and the response's end;
 * - untracked: the same with no flag tracked (no outcome recorded);
 * - hook: `begin` and the response's end only.
 * `--exporter` registers @rampkit/prometheus's series on the client, never scraped: what the
 * exporter adds to a request.
 * The loop runs twice (so that V8 settles) before the counted run. The loop itself and the
 * stand-in adapter cost about 300 instructions a request, which `hook` includes.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { countsByKind } from './callgrind.mjs';

const { values: args } = parseArgs({
  options: {
    mode: { type: 'string', default: 'tracked' },
    requests: { type: 'string', default: '200000' },
    top: { type: 'string', default: '20' },
    child: { type: 'boolean', default: false },
    // Passed to the counted node, e.g. `--node-option=--no-turbo-inlining` for each function's own count.
    'node-option': { type: 'string', multiple: true, default: [] },
    // @rampkit/prometheus's series registered on the client (never scraped), as apps.mjs's `exporter`.
    exporter: { type: 'boolean', default: false },
  },
});
const requests = Number(args.requests);
if (!['tracked', 'untracked', 'hook'].includes(args.mode)) throw new Error(`unknown --mode ${args.mode}`);

if (args.child) await loop();
else report();

/** The counted process: runs the loop, switching callgrind's instrumentation on for the last run. */
async function loop() {
  const { createClient } = await import('@rampkit/core');
  const { HttpFlags } = await import('@rampkit/core/http');
  const { FLAGS } = await import('./apps.mjs');
  const flags =
    args.mode === 'untracked' ? { flags: FLAGS.flags.map((flag) => ({ ...flag, track: false })) } : FLAGS;
  const client = createClient({ flags, flushIntervalMs: 24 * 3_600_000 });
  if (args.exporter) {
    const { registerRampkitMetrics } = await import('@rampkit/prometheus');
    const { Registry } = await import('prom-client');
    registerRampkitMetrics(client, { registry: new Registry() });
  }
  const adapter = {
    headers: (req) => req.headers,
    remoteAddress: (req) => req.ip,
    secure: () => false,
    setHeader() {},
    appendCookie() {},
    onResponseDone(res, served, done) {
      res.end = () => done(served, 200, false);
    },
  };
  const http = new HttpFlags(client, adapter, {});
  const reqs = Array.from({ length: 64 }, (_, i) => ({
    headers: { host: '127.0.0.1', 'user-agent': 'autocannon', 'x-user-id': `user-${i}` },
    ip: '127.0.0.1',
  }));
  let served = 0;
  const run = () => {
    for (let i = 0; i < requests; i++) {
      const res = { end: undefined };
      const request = http.begin(reqs[i & 63], res);
      if (args.mode !== 'hook') {
        if (request.isEnabled('new-checkout')) served++;
        if (request.variation('payments-v2') === 'canary') served++;
        if (request.value('banner', 'Hello') === 'Hi') served++;
      }
      res.end?.();
    }
  };
  run();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  run();
  execFileSync('callgrind_control', ['-i', 'on', String(process.pid)], { stdio: 'ignore' });
  run();
  execFileSync('callgrind_control', ['-i', 'off', String(process.pid)], { stdio: 'ignore' });
  if (served < 0) console.log(served);
}

/** Runs the loop under callgrind and prints the count per request, with the top functions. */
function report() {
  const dir = mkdtempSync(join(tmpdir(), 'rampkit-count-loop-'));
  try {
    const out = join(dir, 'callgrind.out');
    const result = spawnSync(
      'valgrind',
      [
        '--tool=callgrind',
        '--instr-atstart=no',
        '--separate-threads=yes',
        `--callgrind-out-file=${out}`,
        process.execPath,
        '--single-threaded',
        '--perf-basic-prof',
        ...args['node-option'],
        fileURLToPath(import.meta.url),
        '--child',
        '--mode',
        args.mode,
        '--requests',
        String(requests),
        ...(args.exporter ? ['--exporter'] : []),
      ],
      // `--perf-basic-prof` also makes V8 write an isolate-*.log into the working directory.
      { encoding: 'utf8', cwd: dir },
    );
    if (result.error) throw new Error(`count-loop.mjs needs valgrind: ${result.error.message}`);
    const pid = /==(\d+)==/.exec(result.stderr)?.[1];
    if (result.status !== 0 || pid === undefined)
      throw new Error(`the counted run failed:\n${result.stderr}`);
    // With --separate-threads, the main thread's counts are in the file ending in -01.
    const main = readdirSync(dir).filter((name) => name.endsWith('-01'));
    const { kinds, byName } = countsByKind(
      main.map((name) => join(dir, name)),
      pid,
    );
    rmSync(`/tmp/perf-${pid}.map`, { force: true });
    const all = Object.values(kinds).reduce((sum, n) => sum + n, 0);
    const perRequest = (n) => Math.round(n / requests);
    console.log(
      `${args.mode}${args.exporter ? ', exporter registered' : ''}: ${perRequest(all)} instructions per request (main thread, ${requests} requests)`,
    );
    const top = [...byName].sort((a, b) => b[1] - a[1]).slice(0, Number(args.top));
    for (const [name, cost] of top)
      console.log(`${String(perRequest(cost)).padStart(7)}  ${name.slice(0, 140)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
