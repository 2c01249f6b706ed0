import { createClient } from '@rampkit/core';
import { RedisStore } from '@rampkit/redis';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { heroExperiment } from '../support/hero-experiment.js';
import { cleanupPrefix, REDIS_URL, redisForSuite, seedConfig, uniquePrefix } from '../support/redis.js';

/** Records per script in @rampkit/redis (MAX_RECORDS_PER_SCRIPT). */
const RECORDS_PER_SCRIPT = 1_000;

const redis = await redisForSuite(
  'tracking commands on Redis (test/experiments/tracking-redis-commands.test.ts)',
);
const prefix = uniquePrefix('tracking-commands');

/** An ioredis client that counts the commands it sends, by name. */
function countingClient(): { client: Redis; counts: Map<string, number> } {
  const client = new Redis(REDIS_URL);
  const counts = new Map<string, number>();
  const send = client.sendCommand.bind(client);
  client.sendCommand = ((command: { name: string }, ...rest: unknown[]) => {
    counts.set(command.name, (counts.get(command.name) ?? 0) + 1);
    return (send as (...args: unknown[]) => unknown)(command, ...rest);
  }) as typeof client.sendCommand;
  return { client, counts };
}

/**
 * One flush window of one process: `units` users each see `hero` and track `eventsPerUnit` events of
 * two metrics, then the window is flushed. Returns the commands sent to Redis from the first request
 * to the end of the flush, in all and those that ran the experiment-data script.
 */
async function window(run: string, units: number, eventsPerUnit: number) {
  const keys = `${prefix}${run}:`;
  await seedConfig(keys, heroExperiment);
  const { client: connection, counts } = countingClient();
  // Config polling runs on its own 2 s timer whatever the traffic; out of the window here, so that
  // the count is the tracking's alone.
  const store = new RedisStore({ client: connection, prefix: keys, pollIntervalMs: 3_600_000 });
  const client = createClient({ store, flushIntervalMs: 3_600_000, experimentData: store });
  await client.ready();
  counts.clear();
  for (let e = 0; e < eventsPerUnit; e += 1) {
    for (let i = 0; i < units; i += 1) {
      const user = { targetingKey: `user-${i}` };
      client.variation('hero', user);
      client.track(e % 2 === 0 ? 'purchase' : 'revenue', user, 1);
    }
  }
  await client.flush();
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const scripts = (counts.get('evalsha') ?? 0) + (counts.get('eval') ?? 0);
  const others = [...counts.keys()].filter((name) => name !== 'evalsha' && name !== 'eval');
  const rows = await store.readExperimentUnits('hero');
  await client.close();
  await store.close();
  connection.disconnect();
  return { total, scripts, others, rows };
}

/**
 * Besides the scripts, at most the configuration load a new client makes once it has subscribed (the
 * reload that closes the gap between its first load and its subscription): nothing per request.
 */
function expectNoOtherWork(run: { total: number; scripts: number; others: string[] }): void {
  expect(run.others.filter((name) => name !== 'hgetall' && name !== 'hmget')).toEqual([]);
  expect(run.total - run.scripts).toBeLessThanOrEqual(2);
}

describe.skipIf(!redis)('tracking: Redis commands per flush window', () => {
  afterAll(() => cleanupPrefix(prefix));

  it('are the same at 1,000 and at 10,000 tracked events of the same 1,000 units', async () => {
    const slow = await window('slow', 1_000, 2);
    const fast = await window('fast', 1_000, 20);
    // Records per flush: 1,000 exposures and 2,000 (unit, metric) totals, whatever the events.
    expect(slow.rows).toHaveLength(1_000);
    expect(fast.rows.every((row) => row.metrics.purchase?.count === 10)).toBe(true);
    expect(fast.scripts).toBe(slow.scripts);
    // Scripts are cut between units: 333 units of 3 records fit in one, so 4 scripts.
    expect(slow.scripts).toBe(Math.ceil(1_000 / Math.floor(RECORDS_PER_SCRIPT / 3)));
    for (const run of [slow, fast]) expectNoOtherWork(run);
  });

  it('grow with distinct units per window, one script per 1,000 records', async () => {
    const few = await window('few', 1_000, 1);
    const many = await window('many', 10_000, 1);
    expect(many.rows).toHaveLength(10_000);
    // Per flush: ⌈(exposures + unit totals) / 1,000⌉ experiment scripts; the rest does not grow.
    const experimentScripts = (units: number) => Math.ceil((2 * units) / RECORDS_PER_SCRIPT);
    expect(many.scripts - few.scripts).toBe(experimentScripts(10_000) - experimentScripts(1_000));
    for (const run of [few, many]) expectNoOtherWork(run);
  });
});
