import { describe, expect, it } from 'vitest';
import type { ExperimentDataBatch } from '../../experiments/types.js';
import { isExperimentDataStore } from '../types.js';
import { MAX_METRICS_PER_UNIT } from './experiment-data.js';
import { MemoryStore } from './memory-store.js';

function batch(writeId: string, parts: Partial<ExperimentDataBatch>): ExperimentDataBatch {
  return { writeId, exposures: [], increments: [], ...parts };
}

describe('MemoryStore experiment data', () => {
  it('is an ExperimentDataStore', () => {
    expect(isExperimentDataStore(new MemoryStore())).toBe(true);
    expect(isExperimentDataStore({ writeExperimentData() {} })).toBe(false);
  });

  it('keeps the first exposure per unit and adds totals in its arm only', async () => {
    const store = new MemoryStore();
    await store.writeExperimentData(
      batch('w1', {
        exposures: [
          { experimentKey: 'exp', unit: 'u1', arm: 'b', exposedAt: 200 },
          { experimentKey: 'exp', unit: 'u1', arm: 'a', exposedAt: 100 },
          { experimentKey: 'exp', unit: 'u2', arm: 'a', exposedAt: 100 },
        ],
        increments: [
          { experimentKey: 'exp', arm: 'a', unit: 'u1', metricKey: 'buy', count: 2, sum: 30 },
          { experimentKey: 'exp', arm: 'b', unit: 'u1', metricKey: 'buy', count: 5, sum: 99 },
          { experimentKey: 'exp', arm: 'a', unit: 'u3', metricKey: 'buy', count: 1, sum: 1 },
        ],
      }),
    );
    await store.writeExperimentData(
      batch('w2', {
        increments: [{ experimentKey: 'exp', arm: 'a', unit: 'u1', metricKey: 'buy', count: 1, sum: 5 }],
      }),
    );
    const rows = await store.readExperimentUnits('exp');
    expect(rows).toEqual([
      { unit: 'u1', arm: 'a', exposedAt: 100, metrics: { buy: { count: 3, sum: 35 } } },
      { unit: 'u2', arm: 'a', exposedAt: 100, metrics: {} },
    ]);
    expect(await store.readExperimentUnits('other')).toEqual([]);
  });

  it('applies a batch once per writeId (a retry after a lost reply)', async () => {
    const store = new MemoryStore();
    const write = batch('same', {
      exposures: [{ experimentKey: 'exp', unit: 'u1', arm: 'a', exposedAt: 1 }],
      increments: [{ experimentKey: 'exp', arm: 'a', unit: 'u1', metricKey: 'buy', count: 1, sum: 1 }],
    });
    await store.writeExperimentData(write);
    await store.writeExperimentData(write);
    expect((await store.readExperimentUnits('exp'))[0]?.metrics).toEqual({ buy: { count: 1, sum: 1 } });
  });

  it('keeps at most MAX_METRICS_PER_UNIT metrics per unit', async () => {
    const store = new MemoryStore();
    const increments = Array.from({ length: MAX_METRICS_PER_UNIT + 10 }, (_, i) => ({
      experimentKey: 'exp',
      arm: 'a',
      unit: 'u1',
      metricKey: `m${i}`,
      count: 1,
      sum: 1,
    }));
    await store.writeExperimentData(
      batch('w', { exposures: [{ experimentKey: 'exp', unit: 'u1', arm: 'a', exposedAt: 1 }], increments }),
    );
    const rows = await store.readExperimentUnits('exp');
    expect(Object.keys(rows[0]!.metrics)).toHaveLength(MAX_METRICS_PER_UNIT);
  });

  it('drops an experiment its retention after its last write', async () => {
    let now = 0;
    const store = new MemoryStore({ now: () => now, experimentDataRetentionMs: 1_000 });
    await store.writeExperimentData(
      batch('w1', { exposures: [{ experimentKey: 'old', unit: 'u', arm: 'a', exposedAt: 0 }] }),
    );
    now = 900;
    await store.writeExperimentData(
      batch('w2', { exposures: [{ experimentKey: 'new', unit: 'u', arm: 'a', exposedAt: 900 }] }),
    );
    expect(await store.readExperimentUnits('old')).toHaveLength(1);
    now = 1_500;
    await store.writeExperimentData(batch('w3', {}));
    expect(await store.readExperimentUnits('old')).toEqual([]);
    expect(await store.readExperimentUnits('new')).toHaveLength(1);
  });
});
