/**
 * The clients and checks the Express and Fastify adapters' tests share. Apart from
 * `http-adapters.ts`, which core's own tests import too: this file loads @rampkit/core by name.
 */
import { createClient, MemoryStore, type RampkitClient } from '@rampkit/core';
import { afterEach, expect } from 'vitest';
import { heroExperiment } from './hero-experiment.js';
import { armsOf, testFlags } from './http-adapters.js';

/** What a test opened, closed after each test, the last opened first. */
export function closedAfterEach(): Array<() => unknown> {
  const cleanups: Array<() => unknown> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return cleanups;
}

/** A client serving `testFlags(percent)`, closed by `cleanups`. */
export function testClient(cleanups: Array<() => unknown>, percent = 20): RampkitClient {
  const client = createClient({ flags: testFlags(percent) });
  cleanups.push(() => client.close());
  return client;
}

/** A client whose store never answers (it retries once a minute), and the errors it emitted. */
export function outageClient(cleanups: Array<() => unknown>): { client: RampkitClient; errors: Error[] } {
  const client = createClient({
    store: {
      loadConfig: () => Promise.reject(new Error('store unreachable')),
      writeConfig: () => Promise.reject(new Error('store unreachable')),
      subscribeConfig: () => () => undefined,
    },
    retryDelay: { initialMs: 60_000, maxMs: 60_000 },
  });
  cleanups.push(() => client.close());
  const errors: Error[] = [];
  client.on('error', (error) => errors.push(error));
  return { client, errors };
}

/** A client serving `heroExperiment` whose tracked events go to its memory store. */
export function trackingClient(cleanups: Array<() => unknown>): RampkitClient {
  const store = new MemoryStore({ config: heroExperiment });
  const client = createClient({ store, experimentData: store });
  cleanups.push(() => client.close());
  return client;
}

/** What one request by `u-42` that served `hero` and tracked `purchase` 30, then 1, must leave stored. */
export async function expectOnePurchaseTracked(client: RampkitClient): Promise<void> {
  await client.flush();
  const rows = await client.store.readExperimentUnits!('hero');
  expect(rows).toEqual([
    {
      unit: 'u-42',
      arm: client.variation('hero', { targetingKey: 'u-42' }),
      exposedAt: expect.any(Number),
      metrics: { purchase: { count: 2, sum: 31 } },
    },
  ]);
}

/**
 * Of requests that served `payments`, those answered 500 (`statuses.canary`) were the canary's,
 * all counted as errors; the stable arm's none. A 50% split gives the canary more than 20 of 100.
 */
export async function expectCanaryErrorsCounted(
  client: RampkitClient,
  statuses: { canary: number; stable: number },
): Promise<void> {
  const arms = await armsOf(client, 'payments');
  expect(arms.canary).toMatchObject({ requests: statuses.canary, errors: statuses.canary });
  expect(arms.stable).toMatchObject({ requests: statuses.stable, errors: 0 });
  expect(statuses.canary).toBeGreaterThan(20);
}
