import { createClient, MemoryStore, type RampkitStore } from '@rampkit/core';
import { mulberry32 } from '@rampkit/core/testing';
import {
  analyzeExperiment,
  buildStatistics,
  type ExperimentInput,
  unitsFromTracking,
  validateExperiment,
} from '@rampkit/experiments';
import { RedisStore } from '@rampkit/redis';
import { afterAll, describe, expect, it } from 'vitest';
import { heroExperiment } from '../support/hero-experiment.js';
import { cleanupPrefix, REDIS_URL, redisForSuite, seedConfig, uniquePrefix } from '../support/redis.js';

const experiment: ExperimentInput = {
  key: 'hero',
  arms: [{ key: 'control' }, { key: 'bold' }],
  control: 'control',
  metrics: [
    { key: 'purchase', kind: 'binomial' },
    { key: 'revenue', kind: 'mean' },
    { key: 'clicks', kind: 'ratio' },
  ],
};

/** Conversion by arm: bold converts half again as often as control. */
const CONVERSION: Record<string, number> = { control: 0.2, bold: 0.3 };
const UNITS = 4_000;

/**
 * Serves `hero` to UNITS units through `processes` clients sharing one store (units alternate between
 * them, as behind a load balancer); each unit converts at its arm's rate; events before exposure
 * must not count. Returns what the engine makes of the stored rows.
 */
async function runExperiment(store: () => RampkitStore, processes: number) {
  const clients = Array.from({ length: processes }, () =>
    createClient({ store: store(), flushIntervalMs: 60_000 }),
  );
  await Promise.all(clients.map((client) => client.ready()));
  const random = mulberry32(7);
  const expected = { control: 0, bold: 0 } as Record<string, number>;
  for (let i = 0; i < UNITS; i += 1) {
    const client = clients[i % processes]!;
    const user = { targetingKey: `user-${i}` };
    client.track('purchase', user); // before exposure: never counted
    const arm = client.variation('hero', user)!;
    expected[arm]! += 1;
    const sessions = 1 + Math.floor(random() * 3);
    client.track('sessions', user, sessions);
    client.track('clicks', user, Math.floor(random() * 4 * sessions));
    if (random() < CONVERSION[arm]!) {
      client.track('purchase', user);
      client.track('revenue', user, 20 + random() * 30);
    }
  }
  await Promise.all(clients.map((client) => client.close()));
  const reader = store();
  const rows = await reader.readExperimentUnits!('hero');
  await reader.close?.();
  const definition = validateExperiment(experiment);
  const statistics = buildStatistics(
    definition,
    unitsFromTracking(definition, rows, { denominators: { clicks: 'sessions' } }),
  );
  return { rows, statistics, expected, result: analyzeExperiment(experiment, statistics) };
}

function checkResult(outcome: Awaited<ReturnType<typeof runExperiment>>): void {
  const { rows, statistics, expected, result } = outcome;
  expect(rows).toHaveLength(UNITS);
  expect(statistics.arms.control!.units).toBe(expected.control);
  expect(statistics.arms.bold!.units).toBe(expected.bold);
  // Only the purchases after exposure count: each unit's count is 0 or 1, never the pre-exposure one.
  expect(rows.every((row) => (row.metrics.purchase?.count ?? 0) <= 1)).toBe(true);
  const rate = (arm: string) => statistics.arms[arm]!.metrics.purchase!.sum / statistics.arms[arm]!.units;
  expect(rate('control')).toBeGreaterThan(0.17);
  expect(rate('control')).toBeLessThan(0.23);
  expect(rate('bold')).toBeGreaterThan(0.27);
  expect(rate('bold')).toBeLessThan(0.33);
  expect(result.units).toBe(UNITS);
  expect(result.srm.flagged).toBe(false);
  const purchase = result.metrics.find((metric) => metric.key === 'purchase')!;
  const [bold] = purchase.comparisons;
  expect(bold?.arm).toBe('bold');
  expect(bold?.relative.estimate).toBeGreaterThan(0.3);
  expect(bold?.pValue).toBeLessThan(0.05);
  expect(result.metrics.map((metric) => metric.key)).toEqual(['purchase', 'revenue', 'clicks']);
}

const redis = await redisForSuite(
  'tracking end to end on Redis (test/experiments/tracking-end-to-end.test.ts)',
);
const prefix = uniquePrefix('tracking-e2e');

describe('tracking end to end: serve two arms, track, read the statistics, analyse', () => {
  it('on one process and a MemoryStore', async () => {
    const shared = new MemoryStore({ config: heroExperiment });
    checkResult(await runExperiment(() => shared, 1));
  });

  afterAll(() => (redis ? cleanupPrefix(prefix) : undefined));

  it.skipIf(!redis)('on three processes sharing a RedisStore', async () => {
    await seedConfig(prefix, heroExperiment);
    checkResult(await runExperiment(() => new RedisStore({ url: REDIS_URL, prefix }), 3));
  });
});
