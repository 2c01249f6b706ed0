import {
  analyzeExperiment,
  buildStatistics,
  type ExperimentInput,
  type ExperimentStatistics,
  type UnitObservation,
  validateExperiment,
} from '@rampkit/experiments';
import {
  createPostgresSink,
  createPostgresWarehouse,
  isInvalidWarehouseOptionsError,
  type PostgresWarehouse,
  type TrackRecord,
} from '@rampkit/postgres';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropSchema, POSTGRES_URL, postgresForSuite, uniqueSchema } from '../support/postgres.js';

const available = await postgresForSuite('test/postgres/statistics.test.ts');

const HOUR = 3_600_000;
const PRE_FROM = Date.UTC(2026, 0, 1);
const FROM = Date.UTC(2026, 0, 15);
const TO = FROM + 10 * 24 * HOUR;
const WINDOW = {
  from: new Date(FROM),
  to: new Date(TO),
  prePeriod: { from: new Date(PRE_FROM), to: new Date(FROM) },
  events: { clicksPerSession: { event: 'click', denominator: 'session' } },
};

function definitionFor(key: string, cap: number): ExperimentInput {
  return {
    key,
    arms: [{ key: 'control' }, { key: 'green' }, { key: 'blue', weight: 2 }],
    control: 'control',
    metrics: [
      { key: 'purchase', kind: 'binomial', cuped: { covariate: 'prePeriod' } },
      { key: 'revenue', kind: 'mean', cap: { value: cap }, cuped: { covariate: 'prePeriod' } },
      { key: 'clicksPerSession', kind: 'ratio', cuped: { covariate: 'prePeriod' } },
      { key: 'latency', kind: 'mean', role: 'guardrail', direction: 'lowerIsBetter' },
    ],
  };
}

const EVENT_OF: Record<string, string> = {
  purchase: 'purchase',
  revenue: 'revenue',
  clicksPerSession: 'click',
  latency: 'latency',
};

interface GeneratedUnit {
  arm: string;
  exposedAt: number;
  laterArm: string;
  events: { metric: string; value: number; at: number }[];
}

const unitArbitrary = fc.record({
  arm: fc.constantFrom('control', 'green', 'blue', 'stray'),
  exposedAt: fc.integer({ min: FROM - 24 * HOUR, max: TO + 24 * HOUR }),
  laterArm: fc.constantFrom('control', 'green', 'blue'),
  events: fc.array(
    fc.record({
      metric: fc.constantFrom('purchase', 'revenue', 'click', 'session', 'latency', 'other'),
      // Metric values with up to six decimals: PostgreSQL refuses a product that underflows a double.
      value: fc.oneof(
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: 0, max: 200_000_000 }).map((v) => v / 1e6),
      ),
      at: fc.integer({ min: PRE_FROM - 24 * HOUR, max: TO + 24 * HOUR }),
    }),
    { maxLength: 12 },
  ),
});

/** The attribution rules, computed independently in memory: per unit, what buildStatistics needs. */
function observe(units: GeneratedUnit[], definition: ExperimentInput): UnitObservation[] {
  const observed: UnitObservation[] = [];
  for (const unit of units) {
    if (unit.exposedAt < FROM || unit.exposedAt >= TO) continue;
    const metrics: UnitObservation['metrics'] = {};
    for (const metric of definition.metrics) {
      const name = EVENT_OF[metric.key]!;
      const after = unit.events.filter((e) => e.metric === name && e.at >= unit.exposedAt && e.at < TO);
      const before = unit.events.filter(
        (e) => e.metric === name && e.at >= PRE_FROM && e.at < FROM && e.at < unit.exposedAt,
      );
      const total = (list: { value: number }[]) => list.reduce((sum, e) => sum + e.value, 0);
      const binomial = metric.kind === 'binomial';
      const denominator = unit.events.filter(
        (e) => e.metric === 'session' && e.at >= unit.exposedAt && e.at < TO,
      );
      metrics[metric.key] = {
        value: binomial ? Number(after.length > 0) : total(after),
        denominator: total(denominator),
        covariate: binomial ? Number(before.length > 0) : total(before),
      };
    }
    observed.push({ arm: unit.arm, metrics });
  }
  return observed;
}

function expectClose(actual: ExperimentStatistics, expected: ExperimentStatistics): void {
  const walk = (a: unknown, e: unknown, path: string): void => {
    if (typeof e === 'number') {
      expect(typeof a, path).toBe('number');
      const scale = Math.max(1, Math.abs(e), Math.abs(a as number));
      if (Math.abs((a as number) - e) > 1e-9 * scale) expect(a, path).toBe(e);
      return;
    }
    expect(Object.keys(a as object).sort(), path).toEqual(Object.keys(e as object).sort());
    for (const key of Object.keys(e as object)) {
      walk((a as Record<string, unknown>)[key], (e as Record<string, unknown>)[key], `${path}.${key}`);
    }
  };
  walk(actual, expected, '$');
}

describe.skipIf(!available)('statistics computed by SQL equal buildStatistics on the same units', () => {
  const schema = uniqueSchema('stats');
  let pool: pg.Pool;
  let warehouse: PostgresWarehouse;
  let run = 0;

  beforeAll(async () => {
    pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 4 });
    warehouse = createPostgresWarehouse({ pool, schema });
    await warehouse.migrate();
  });
  afterAll(async () => {
    await pool?.end();
    await dropSchema(schema);
  });

  async function store(key: string, units: GeneratedUnit[]): Promise<void> {
    const sink = createPostgresSink({ pool, schema, batchSize: 50, flushIntervalMs: 60_000 });
    units.forEach((unit, i) => {
      const id = `${key}-u${i}`;
      const exposure = { flagKey: key, flagVersion: 1, reason: 'SPLIT', inExperiment: true, unit: id };
      // A second exposure, later and in another arm, must not move the unit.
      sink.recordExposure({ ...exposure, variation: unit.laterArm, timestamp: unit.exposedAt + HOUR });
      sink.recordExposure({ ...exposure, variation: unit.arm, timestamp: unit.exposedAt });
      for (const e of unit.events) {
        const record: TrackRecord = { metricKey: e.metric, unit: id, value: e.value, timestamp: e.at };
        sink.recordEvent(record);
      }
    });
    await sink.close();
  }

  it('on random units, events and caps (to 1e-9)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(unitArbitrary, { maxLength: 40 }),
        fc.double({ min: 0.5, max: 150, noNaN: true }),
        async (units, cap) => {
          const key = `prop-${run++}`;
          const definition = definitionFor(key, cap);
          await store(key, units);
          const fromSql = await warehouse.readStatistics(definition, WINDOW);
          const inMemory = buildStatistics(validateExperiment(definition), observe(units, definition));
          expectClose(fromSql, inMemory);
        },
      ),
      { numRuns: 20 },
    );
  });

  it('attributes only events after the first exposure, in the first arm, and analyzeExperiment reads them', async () => {
    const key = 'attribution';
    const definition = definitionFor(key, 1000);
    const at = FROM + HOUR;
    await store(key, [
      {
        arm: 'green',
        laterArm: 'control',
        exposedAt: at,
        events: [
          { metric: 'purchase', value: 1, at: FROM - HOUR }, // in the pre-period: the covariate only
          { metric: 'purchase', value: 1, at: at - 1 }, // after the pre-period, before exposure: nowhere
          { metric: 'revenue', value: 30, at: at + HOUR }, // after: counts, in green
          { metric: 'revenue', value: 7, at: TO }, // after the window: not counted
        ],
      },
      { arm: 'control', laterArm: 'green', exposedAt: at, events: [{ metric: 'purchase', value: 1, at }] },
    ]);
    const statistics = await warehouse.readStatistics(definition, WINDOW);
    expect(statistics.arms.green!.units).toBe(1);
    expect(statistics.arms.green!.metrics.purchase).toMatchObject({ n: 1, sum: 0, covariate: { sum: 1 } });
    expect(statistics.arms.green!.metrics.revenue).toMatchObject({ sum: 30, cappedAt: 1000 });
    expect(statistics.arms.control!.metrics.purchase).toMatchObject({ n: 1, sum: 1 });
    expect(statistics.arms.blue).toMatchObject({ units: 0 });
    const result = analyzeExperiment(validateExperiment(definition), statistics);
    expect(result.units).toBe(2);
    expect(result.metrics.map((metric) => metric.key)).toEqual([
      'purchase',
      'revenue',
      'clicksPerSession',
      'latency',
    ]);
  });

  it('refuses what it cannot compute in the database, naming the metric', async () => {
    const percentile: ExperimentInput = {
      ...definitionFor('refused', 10),
      metrics: [{ key: 'revenue', kind: 'mean', cap: { percentile: 99 } }],
    };
    await expect(warehouse.readStatistics(percentile, WINDOW)).rejects.toThrow(/"revenue": percentile caps/);
    const ratio = definitionFor('refused', 10);
    const { events: _, ...noEvents } = WINDOW;
    const error = await warehouse.readStatistics(ratio, noEvents).catch((e: unknown) => e);
    expect(isInvalidWarehouseOptionsError(error)).toBe(true);
    expect(String(error)).toMatch(/events\["clicksPerSession"\]\.denominator/);
  });
});
