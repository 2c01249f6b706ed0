import { afterEach, describe, expect, it } from 'vitest';
import { type ExperimentDataBatch, MemoryStore, Redis, type UnitMetricIncrement } from './redis-deps.js';
import type { RedisTarget } from './redis-target.js';

function increment(
  unit: string,
  arm: string,
  metricKey: string,
  count: number,
  sum: number,
): UnitMetricIncrement {
  return { experimentKey: 'exp', unit, arm, metricKey, count, sum };
}

/** The ExperimentDataStore contract on Redis, checked against MemoryStore (the reference behaviour). */
export function experimentDataSuite(target: () => RedisTarget, url: () => string): void {
  afterEach(() => target().closeAll());
  let batchNumber = 0;
  const batch = (parts: Partial<ExperimentDataBatch>): ExperimentDataBatch => ({
    writeId: `test-${process.pid}-${++batchNumber}-${Math.random()}`,
    exposures: [],
    increments: [],
    ...parts,
  });

  describe('experiment data: first exposure wins, totals only in its arm (as MemoryStore)', () => {
    it('reads back what MemoryStore reads back from the same batches', async () => {
      const store = target().store({ prefix: `${target().prefix}exp-rule:` });
      const reference = new MemoryStore();
      const batches = [
        batch({
          exposures: [
            { experimentKey: 'exp', unit: 'u 1', arm: 'treat ment', exposedAt: 200 },
            { experimentKey: 'exp', unit: 'u 1', arm: 'control', exposedAt: 100 },
            { experimentKey: 'exp', unit: 'ü/2', arm: 'treat ment', exposedAt: 150 },
          ],
          increments: [
            increment('u 1', 'control', 'buy', 2, 30.5),
            increment('u 1', 'treat ment', 'buy', 5, 99),
            increment('nobody', 'control', 'buy', 1, 1),
          ],
        }),
        batch({
          exposures: [{ experimentKey: 'exp', unit: 'ü/2', arm: 'control', exposedAt: 300 }],
          increments: [
            increment('ü/2', 'treat ment', 'rev:usd', 1, 12.25),
            increment('u 1', 'control', 'buy', 1, 1),
          ],
        }),
      ];
      for (const b of batches) {
        await store.writeExperimentData(b);
        await reference.writeExperimentData(b);
      }
      const sorted = (rows: { unit: string }[]) => [...rows].sort((a, b) => a.unit.localeCompare(b.unit));
      const rows = sorted(await store.readExperimentUnits('exp'));
      expect(rows).toEqual(sorted(await reference.readExperimentUnits('exp')));
      expect(rows).toEqual([
        { unit: 'u 1', arm: 'control', exposedAt: 100, metrics: { buy: { count: 3, sum: 31.5 } } },
        { unit: 'ü/2', arm: 'treat ment', exposedAt: 150, metrics: { 'rev:usd': { count: 1, sum: 12.25 } } },
      ]);
    });

    it('a batch retried under its writeId (a lost reply) is applied once', async () => {
      const store = target().store({ prefix: `${target().prefix}exp-retry:` });
      const once = batch({
        exposures: [{ experimentKey: 'exp', unit: 'u', arm: 'a', exposedAt: 1 }],
        increments: [increment('u', 'a', 'buy', 1, 5)],
      });
      await store.writeExperimentData(once);
      await store.writeExperimentData(once);
      expect((await store.readExperimentUnits('exp'))[0]?.metrics).toEqual({ buy: { count: 1, sum: 5 } });
    });
  });

  describe('experiment data: a large batch (a long outage flushed at once)', () => {
    it('writes 20,000 units with a metric each in one call and reads every one back', async () => {
      // One script's arguments were spread into one call: ~120,000 of them overflowed the stack.
      const store = target().store({ prefix: `${target().prefix}exp-large:` });
      const units = Array.from({ length: 20_000 }, (_, i) => `unit-${i}`);
      const large = batch({
        exposures: units.map((unit, i) => ({
          experimentKey: i % 2 === 0 ? 'exp' : 'other',
          unit,
          arm: i % 3 === 0 ? 'a' : 'b',
          exposedAt: i,
        })),
        increments: units.map((unit, i) => ({
          ...increment(unit, i % 3 === 0 ? 'a' : 'b', 'buy', 1, i),
          experimentKey: i % 2 === 0 ? 'exp' : 'other',
        })),
      });
      await store.writeExperimentData(large);
      await store.writeExperimentData(large); // a retry under the same writeId changes nothing
      const rows = [
        ...(await store.readExperimentUnits('exp')),
        ...(await store.readExperimentUnits('other')),
      ];
      expect(rows).toHaveLength(20_000);
      const byUnit = new Map(rows.map((row) => [row.unit, row]));
      for (const [i, unit] of units.entries()) {
        expect(byUnit.get(unit)).toEqual({
          unit,
          arm: i % 3 === 0 ? 'a' : 'b',
          exposedAt: i,
          metrics: { buy: { count: 1, sum: i } },
        });
      }
    });
  });

  describe('experiment data: atomic per unit across clients, bounded, expiring', () => {
    it('two clients adding to the same units at once lose no update', async () => {
      const prefix = `${target().prefix}exp-atomic:`;
      const [one, two] = [target().store({ prefix }), target().store({ prefix })];
      const units = ['a', 'b', 'c'];
      await one.writeExperimentData(
        batch({ exposures: units.map((unit) => ({ experimentKey: 'exp', unit, arm: 'x', exposedAt: 1 })) }),
      );
      const writes = [];
      for (let i = 0; i < 50; i += 1) {
        for (const store of [one!, two!]) {
          writes.push(
            store.writeExperimentData(
              batch({ increments: units.map((u) => increment(u, 'x', 'buy', 1, 0.5)) }),
            ),
          );
        }
      }
      await Promise.all(writes);
      const rows = await one!.readExperimentUnits('exp');
      expect(rows.map((row) => row.metrics.buy)).toEqual(units.map(() => ({ count: 100, sum: 50 })));
    });

    it('keeps at most 64 metrics per unit, and sets a TTL of the retention on every key', async () => {
      const prefix = `${target().prefix}exp-bounds:`;
      const store = target().store({ prefix, experimentDataRetentionMs: 60_000 });
      const increments = Array.from({ length: 80 }, (_, i) => increment('u', 'a', `m${i}`, 1, 1));
      await store.writeExperimentData(
        batch({ exposures: [{ experimentKey: 'exp', unit: 'u', arm: 'a', exposedAt: 1 }], increments }),
      );
      await store.writeExperimentData(
        batch({ increments: [increment('u', 'a', 'm79', 1, 1), increment('u', 'a', 'm0', 1, 1)] }),
      );
      const rows = await store.readExperimentUnits('exp');
      expect(Object.keys(rows[0]!.metrics)).toHaveLength(64);
      expect(rows[0]!.metrics.m0).toEqual({ count: 2, sum: 2 });
      expect(rows[0]!.metrics.m79).toBeUndefined();
      const redis = new Redis(url());
      try {
        const keys = [
          store.keys.experimentExposures('exp'),
          store.keys.experimentTotals('exp'),
          store.keys.experimentMetricCounts('exp'),
        ];
        for (const key of keys) {
          const ttl = await redis.pttl(key);
          expect(ttl).toBeGreaterThan(0);
          expect(ttl).toBeLessThanOrEqual(60_000);
        }
      } finally {
        redis.disconnect();
      }
    });
  });
}
