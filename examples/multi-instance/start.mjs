/**
 * Several app instances sharing flags and metrics through Redis, in one command:
 *
 *   node examples/multi-instance/start.mjs        (REDIS_URL, default redis://127.0.0.1:6379)
 *
 * Starts three app processes, sends them traffic, ramps the checkout canary from 10% to 50% with one
 * write to Redis, waits until every instance serves the new weights, and prints the per-arm
 * metrics that the instances reported, merged across all of them. When nothing answers at
 * REDIS_URL and redis-server is installed, it runs one of its own on a free loopback port.
 */
import { fork, spawn } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { RedisStore } from '@rampkit/redis';
import { checkoutCanary } from './flags.mjs';

const INSTANCES = 3;
const prefix = `example:${process.pid}:`;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const children = [];
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

function answers(url) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port || 6379) });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function redisUrl() {
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  if (await answers(url)) return url;
  const port = await new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port: free } = probe.address();
      probe.close(() => resolve(free));
    });
  });
  const server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', ''], {
    stdio: 'ignore',
  });
  const missing = new Promise((resolve) => server.once('error', () => resolve(true)));
  children.push(server);
  const own = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 50; i += 1) {
    if (await Promise.race([answers(own), missing])) {
      if ((await answers(own)) === true) {
        console.log(`No Redis at ${url}: started redis-server on ${own} for this run.`);
        return own;
      }
      break;
    }
    await sleep(100);
  }
  console.error(
    `No Redis answers at ${url}, and redis-server could not be started. Start one, or set REDIS_URL.`,
  );
  process.exit(1);
}

function startInstance(name, url) {
  const child = fork(fileURLToPath(new URL('./app.mjs', import.meta.url)), [], {
    env: { ...process.env, REDIS_URL: url, RAMPKIT_PREFIX: prefix, INSTANCE: name },
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}`)));
    child.on('message', (message) => {
      if (message.type === 'listening') resolve({ name, port: message.port, child });
    });
  });
}

async function traffic(instances, requests, offset) {
  const arms = { canary: 0, stable: 0 };
  for (let i = 0; i < requests; i += 1) {
    const { port } = instances[i % instances.length];
    const response = await fetch(`http://127.0.0.1:${port}/checkout?user=user-${offset + i}`);
    await response.text();
    arms[response.headers.get('x-variation')] += 1;
  }
  return arms;
}

const status = async ({ port }) => (await fetch(`http://127.0.0.1:${port}/status`)).json();

async function main() {
  const url = await redisUrl();
  const store = new RedisStore({ url, prefix });
  try {
    const initial = await store.writeConfig(checkoutCanary(10), { expectedVersion: 0 });
    const instances = await Promise.all(
      Array.from({ length: INSTANCES }, (_, i) => startInstance(`app-${i + 1}`, url)),
    );
    console.log(
      `${INSTANCES} app instances up on ports ${instances.map((i) => i.port).join(', ')}; canary at 10%.`,
    );
    console.log('Before the change:', await traffic(instances, 600, 0));

    const started = performance.now();
    const ramped = await store.writeConfig(checkoutCanary(50), { expectedVersion: initial.version });
    let statuses = [];
    for (;;) {
      statuses = await Promise.all(instances.map(status));
      if (statuses.every((s) => s.version === ramped.version)) break;
      await sleep(5);
    }
    const ms = (performance.now() - started).toFixed(0);
    console.log(`Ramped the canary to 50% with one write (version ${ramped.version}):`);
    for (const s of statuses)
      console.log(`  ${s.instance}: version ${s.version}, canary share ${(s.canaryShare * 100).toFixed(1)}%`);
    console.log(`All ${INSTANCES} instances converged on version ${ramped.version} within ${ms} ms.`);
    console.log('After the change: ', await traffic(instances, 600, 600));

    // Shutting down flushes each instance's last outcomes; then read them merged from Redis.
    await Promise.all(
      instances.map(
        ({ child }) =>
          new Promise((resolve) => {
            child.removeAllListeners('exit');
            child.once('exit', resolve);
            child.send('shutdown');
          }),
      ),
    );
    const arms = await store.readMetrics({ flagKey: 'checkout-v2', from: 0, to: Date.now() + 60_000 });
    console.log(`\nPer-arm metrics of checkout-v2, merged across the ${INSTANCES} instances:`);
    console.table(
      Object.fromEntries(
        arms.map((arm) => [
          arm.variation,
          {
            requests: arm.requests,
            errors: arm.errors,
            'error rate': `${(arm.errorRate * 100).toFixed(2)}%`,
            'p50 ms': Number(arm.p50.toFixed(3)),
            'p99 ms': Number(arm.p99.toFixed(3)),
          },
        ]),
      ),
    );
    const total = arms.reduce((sum, arm) => sum + arm.requests, 0);
    if (total !== 1_200) throw new Error(`expected 1200 requests in the merged metrics, found ${total}`);
  } finally {
    await cleanup(store);
    await store.close();
  }
}

/** The example's keys go away with it: one environment prefix, one hash tag. */
async function cleanup(store) {
  let cursor = '0';
  do {
    const [next, keys] = await store.client.scan(cursor, 'MATCH', `{${prefix}}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) await store.client.del(...keys);
  } while (cursor !== '0');
}

await main();
process.exit(0);
