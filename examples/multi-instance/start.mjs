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
import { RedisStore } from '@rampkit/redis';
import { checkoutCanary } from './flags.mjs';
import { cleanup, redisUrl, sleep, startInstance, status, stopInstances } from './instances.mjs';

const INSTANCES = 3;
const prefix = `example:${process.pid}:`;

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

async function main() {
  const url = await redisUrl();
  const store = new RedisStore({ url, prefix });
  try {
    const initial = await store.writeConfig(checkoutCanary(10), { expectedVersion: 0 });
    const instances = await Promise.all(
      Array.from({ length: INSTANCES }, (_, i) => startInstance(`app-${i + 1}`, url, prefix)),
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
    await stopInstances(instances);
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
    await cleanup(store, prefix);
    await store.close();
  }
}

await main();
process.exit(0);
