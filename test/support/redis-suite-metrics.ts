import { afterEach, describe, expect, it } from 'vitest';
import { MemoryStore, type MetricsWindow } from './redis-deps.js';
import { metricsWindow } from './redis-fixtures.js';
import type { RedisTarget } from './redis-target.js';

/** The MetricsStore contract on Redis, checked against MemoryStore (the reference behaviour). */
export function metricsSuite(target: () => RedisTarget): void {
  afterEach(() => target().closeAll());
  const base = Math.floor(Date.now() / 10_000) * 10_000 - 60_000;

  describe('readers merge the windows of every instance', () => {
    it('three instances flushing twice each read back as MemoryStore sums them', async () => {
      const instances = ['i-1', 'i-2', 'i-3'].map((id) => ({ id, store: target().store() }));
      const reference = new MemoryStore();
      const written: MetricsWindow[] = [];
      for (const flush of [0, 1]) {
        for (const [n, { id, store }] of instances.entries()) {
          const windows = [
            metricsWindow('checkout', 'canary', base + flush * 10_000, {
              requests: 10 + n,
              errors: n,
              latencies: [5 + n, 50, 120 * (n + 1)],
              instanceId: id,
            }),
            metricsWindow('checkout', 'stable', base + flush * 10_000, {
              requests: 100,
              errors: 1,
              latencies: [3, 4, 5, 6, 7 * (n + 1)],
              instanceId: id,
            }),
          ];
          await store.writeMetrics(windows);
          written.push(...windows);
        }
      }
      await reference.writeMetrics(written);
      const query = { flagKey: 'checkout', from: base, to: base + 20_000 };
      const arms = await target().store().readMetrics(query);
      expect(arms).toEqual(await reference.readMetrics(query));
      expect(arms.map((arm) => [arm.variation, arm.requests, arm.errors])).toEqual([
        ['canary', 2 * (10 + 11 + 12), 2 * 3],
        ['stable', 600, 6],
      ]);
      const windows = await target().store().readMetricsWindows(query);
      expect(windows).toEqual(await reference.readMetricsWindows(query));
      expect(windows.map((w) => [w.windowStart - base, w.variation, w.requests])).toEqual([
        [0, 'canary', 10 + 11 + 12],
        [0, 'stable', 300],
        [10_000, 'canary', 10 + 11 + 12],
        [10_000, 'stable', 300],
      ]);
    });

    it('only windows that start in [from, to) are read, and other flags are not', async () => {
      const store = target().store();
      await store.writeMetrics([
        metricsWindow('a', 'on', base, { requests: 1, errors: 0, latencies: [1] }),
        metricsWindow('a', 'on', base + 10_000, { requests: 2, errors: 0, latencies: [1] }),
        metricsWindow('a', 'on', base + 20_000, { requests: 4, errors: 0, latencies: [1] }),
        metricsWindow('b', 'on', base + 10_000, { requests: 8, errors: 0, latencies: [1] }),
      ]);
      const arms = await store.readMetrics({ flagKey: 'a', from: base + 10_000, to: base + 20_000 });
      expect(arms.map((arm) => arm.requests)).toEqual([2]);
      expect(await store.readMetrics({ flagKey: 'none', from: base, to: base + 30_000 })).toEqual([]);
    });

    it('windows expire by TTL: every key written carries the retention', async () => {
      const store = target().store({ metricsRetentionMs: 600_000 });
      await store.writeMetrics([
        metricsWindow('ttl', 'on', base, { requests: 1, errors: 0, latencies: [1] }),
      ]);
      for (const key of [store.keys.metricsWindow('ttl', base), store.keys.metricsIndex('ttl')]) {
        const ttl = await store.client.pttl(key);
        expect(ttl).toBeGreaterThan(0);
        expect(ttl).toBeLessThanOrEqual(600_000);
      }
    });
  });
}
