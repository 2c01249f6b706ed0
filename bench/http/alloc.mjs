/**
 * Bytes allocated per request by Rampkit's own code, in a real server: V8's sampling heap profiler
 * with a small sampling interval over a fixed number of requests, each sample charged to the
 * function that allocated it (a builtin's allocation to the function that called it), and the
 * functions in the workspace's `packages/<name>/dist` summed. Unlike time, the count does not move
 * with what else the machine is doing; it moves by a few percent with what V8 inlined and which
 * allocations its escape analysis removed, so each server runs in more than one process.
 *
 *   node bench/http/alloc.mjs [--framework fastify|express] [--variants rampkit,exporter]
 *                             [--processes N] [--warm N] [--requests N] [--interval BYTES] [--top N]
 *
 * Checks issue #24's target: Rampkit's own code allocates at most 400 bytes a request (the rampkit
 * server, three flags, two tracked); exits non-zero when a process misses it.
 */
import { fork } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { USER_REQUESTS } from './apps.mjs';

const TARGET_BYTES = 400;
const here = dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  options: {
    framework: { type: 'string', default: 'fastify' },
    variants: { type: 'string', default: 'rampkit' },
    processes: { type: 'string', default: '2' },
    warm: { type: 'string', default: '20000' },
    requests: { type: 'string', default: '20000' },
    interval: { type: 'string', default: '32' },
    top: { type: 'string', default: '12' },
  },
});
const log = (message) => process.stderr.write(`${message}\n`);

/** One server process: its URL and `ask(message)` answering the next message it sends. */
async function start(variant) {
  const child = fork(join(here, 'server.mjs'), [args.framework, variant, 'diagnose'], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    // No metrics flush inside the window: its allocations are per interval, not per request.
    env: { ...process.env, RAMPKIT_BENCH_FLUSH_MS: String(24 * 3_600_000) },
  });
  const next = () =>
    new Promise((resolve, reject) => {
      const onExit = (code) => reject(new Error(`${variant} exited with ${code}`));
      child.once('exit', onExit);
      child.once('message', (message) => {
        child.off('exit', onExit);
        resolve(message);
      });
    });
  const ready = await next();
  const ask = (message) => {
    const answer = next();
    child.send(message);
    return answer;
  };
  return { url: `http://127.0.0.1:${ready.port}/`, ask, stop: () => child.kill() };
}

async function load(url, amount) {
  const result = await autocannon({ url, connections: 4, amount, requests: USER_REQUESTS });
  if (result.errors > 0 || result.non2xx > 0) {
    throw new Error(`${result.errors} errors and ${result.non2xx} non-2xx answers`);
  }
  return result.requests.total;
}

async function measure(variant) {
  const server = await start(variant);
  try {
    await load(server.url, Number(args.warm));
    await server.ask({ type: 'alloc-start', samplingInterval: Number(args.interval) });
    const requests = await load(server.url, Number(args.requests));
    const { bytes, own } = await server.ask('alloc-stop');
    return { requests, bytes, own };
  } finally {
    server.stop();
  }
}

let failed = false;
for (const variant of args.variants.split(',')) {
  for (let n = 1; n <= Number(args.processes); n++) {
    log(`${args.framework} ${variant}: process ${n}`);
    const { requests, bytes, own } = await measure(variant);
    const perRequest = (b) => Math.round(b / requests);
    const ownTotal = own.reduce((sum, [, b]) => sum + b, 0);
    const checked = variant === 'rampkit' || variant === 'exporter';
    const verdict = !checked
      ? ''
      : perRequest(ownTotal) <= TARGET_BYTES
        ? ` (target ≤ ${TARGET_BYTES}: pass)`
        : ` (target ≤ ${TARGET_BYTES}: FAIL)`;
    if (checked && perRequest(ownTotal) > TARGET_BYTES) failed = true;
    console.log(
      `\n${args.framework} ${variant}, process ${n}: ${perRequest(bytes)} bytes a request in all, ` +
        `${perRequest(ownTotal)} by Rampkit's own code${verdict} (${requests} requests, one sample per ${args.interval} bytes)`,
    );
    for (const [name, b] of own.sort((a, c) => c[1] - a[1]).slice(0, Number(args.top))) {
      console.log(`${String(perRequest(b)).padStart(6)}  ${name}`);
    }
  }
}
if (failed) process.exitCode = 1;
