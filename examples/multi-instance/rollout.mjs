/**
 * Three app instances and one `rampkit rollout run` sharing Redis, in one command:
 *
 *   node examples/multi-instance/rollout.mjs             a healthy canary: promoted, exit 0
 *   node examples/multi-instance/rollout.mjs --broken    a failing canary: rolled back, exit 1
 *
 * (REDIS_URL, default redis://127.0.0.1:6379; without Redis, a redis-server of its own when one is
 * installed.) The instances serve checkout v1 or v2 as the `checkout-v2` flag in Redis decides and
 * report every request's outcome there; the CLI, a separate process, ramps the flag 10 → 50 → 100
 * while judging v2 against v1 from the metrics all three reported, and exits with the outcome.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { RedisStore } from '@rampkit/redis';
import { checkoutCanary } from './flags.mjs';
import { children, cleanup, redisUrl, startInstance, status, stopInstances } from './instances.mjs';

const INSTANCES = 3;
const broken = process.argv.includes('--broken');
const prefix = `example:${process.pid}:`;
const rampkitBin = createRequire(import.meta.url)
  .resolve('@rampkit/cli/package.json')
  .replace(/package\.json$/, 'dist/bin.js');

/** Requests round-robin over the instances, from 5,000 users, until `stop.done`. */
async function traffic(instances, stop) {
  let sent = 0;
  while (!stop.done) {
    const { port } = instances[sent % instances.length];
    await fetch(`http://127.0.0.1:${port}/checkout?user=user-${sent % 5000}`).then(
      (response) => response.text(),
      () => undefined,
    );
    sent += 1;
  }
  return sent;
}

/** `rampkit rollout run plan.yaml --wait` in its own process; resolves with its exit code. */
function runRollout(url) {
  const args = [
    rampkitBin,
    'rollout',
    'run',
    fileURLToPath(new URL('./plan.yaml', import.meta.url)),
    '--wait',
    '--id',
    `checkout-v2-${process.pid}`,
    '--store',
    url,
    '--prefix',
    prefix,
    '--poll-interval',
    '250ms',
    '--timeout',
    '2m',
  ];
  const cli = spawn(process.execPath, args, { stdio: 'inherit' });
  children.push(cli);
  return new Promise((resolve) => cli.once('exit', (code) => resolve(code ?? 1)));
}

async function main() {
  const url = await redisUrl();
  const store = new RedisStore({ url, prefix });
  try {
    await store.writeConfig(checkoutCanary(0), { expectedVersion: 0 });
    const env = { CANARY_ERROR_RATE: broken ? '0.25' : '0.002' };
    const instances = await Promise.all(
      Array.from({ length: INSTANCES }, (_, i) => startInstance(`app-${i + 1}`, url, prefix, env)),
    );
    console.log(
      `${INSTANCES} app instances up on ports ${instances.map((i) => i.port).join(', ')}; checkout v2 ` +
        `${broken ? 'fails 25% of its requests' : 'is healthy'}. Starting rampkit rollout run:\n`,
    );
    const stop = { done: false };
    const sent = traffic(instances, stop);
    const code = await runRollout(url);
    stop.done = true;
    const outcome = code === 0 ? 'promoted' : code === 1 ? 'rolled back' : `exit ${code}`;
    console.log(`\n${await sent} requests served; rampkit rollout run exited ${code} (${outcome}). Now:`);
    for (const s of await Promise.all(instances.map(status)))
      console.log(`  ${s.instance}: version ${s.version}, canary share ${(s.canaryShare * 100).toFixed(1)}%`);
    await stopInstances(instances);
    return code;
  } finally {
    await cleanup(store, prefix);
    await store.close();
  }
}

process.exit(await main());
