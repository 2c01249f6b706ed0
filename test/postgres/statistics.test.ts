import {
  analyzeExperiment,
  buildStatistics,
  type ExperimentInput,
  type ExperimentStatistics,
  type MetricCap,
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
  events: {
    clicksPerSession: { event: 'click', denominator: 'session' },
    engagement: { event: 'click', denominator: 'session' },
    spend: { event: 'revenue' },
  },
};

/** Every kind of metric, capped at `cap` (revenue, engagement), CUPED from the pre-period or supplied. */
function definitionFor(key: string, cap: MetricCap | number): ExperimentInput {
  const capped = typeof cap === 'number' ? { value: cap } : cap;
  return {
    key,
    arms: [{ key: 'control' }, { key: 'green' }, { key: 'blue', weight: 2 }],
    control: 'control',
    metrics: [
      { key: 'purchase', kind: 'binomial', cuped: { covariate: 'prePeriod' } },
      { key: 'revenue', kind: 'mean', cap: capped, cuped: { covariate: 'prePeriod' } },
      { key: 'clicksPerSession', kind: 'ratio', cuped: { covariate: 'prePeriod' } },
      { key: 'latency', kind: 'mean', role: 'guardrail', direction: 'lowerIsBetter' },
      { key: 'engagement', kind: 'ratio', cap: capped, cuped: { covariate: 'supplied' } },
      { key: 'spend', kind: 'mean', cuped: { covariate: 'supplied' } },
    ],
  };
}

const EVENT_OF: Record<string, string> = {
  purchase: 'purchase',
  revenue: 'revenue',
  clicksPerSession: 'click',
  latency: 'latency',
  engagement: 'click',
  spend: 'revenue',
};

/** The metrics whose covariate the caller supplies. */
const SUPPLIED = ['engagement', 'spend'] as const;

interface GeneratedUnit {
  arm: string;
  exposedAt: number;
  laterArm: string;
  events: { metric: string; value: number; at: number }[];
  /** Supplied covariates by metric; absent means none was recorded (z = 0). */
  covariates: Partial<Record<(typeof SUPPLIED)[number], number>>;
}

// Metric values with up to six decimals: PostgreSQL refuses a product that underflows a double.
const valueArbitrary = fc.oneof(
  fc.integer({ min: 0, max: 5 }),
  fc.integer({ min: 0, max: 200_000_000 }).map((v) => v / 1e6),
);

const unitArbitrary = fc.record({
  arm: fc.constantFrom('control', 'green', 'blue', 'stray'),
  exposedAt: fc.integer({ min: FROM - 24 * HOUR, max: TO + 24 * HOUR }),
  laterArm: fc.constantFrom('control', 'green', 'blue'),
  events: fc.array(
    fc.record({
      metric: fc.constantFrom('purchase', 'revenue', 'click', 'session', 'latency', 'other'),
      value: valueArbitrary,
      at: fc.integer({ min: PRE_FROM - 24 * HOUR, max: TO + 24 * HOUR }),
    }),
    { maxLength: 12 },
  ),
  covariates: fc.record(
    { engagement: valueArbitrary, spend: fc.integer({ min: -50, max: 50 }).map((v) => v / 4) },
    { requiredKeys: [] },
  ),
});

const capArbitrary: fc.Arbitrary<MetricCap> = fc.oneof(
  fc.double({ min: 0.5, max: 150, noNaN: true }).map((value) => ({ value })),
  fc.double({ min: 1, max: 99, noNaN: true }).map((percentile) => ({ percentile })),
);

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
      const supplied = unit.covariates[metric.key as (typeof SUPPLIED)[number]];
      metrics[metric.key] = {
        value: binomial ? Number(after.length > 0) : total(after),
        denominator: total(denominator),
        covariate:
          metric.cuped?.covariate === 'supplied'
            ? (supplied ?? 0)
            : binomial
              ? Number(before.length > 0)
              : total(before),
      };
    }
    observed.push({ arm: unit.arm, metrics });
  }
  return observed;
}

/** Equal to 1e-9 relative in every number (NaN equals NaN), exactly in everything else. */
/** analyzeExperiment's result, or the error it throws (both paths must agree on either). */
function analysisOf(definition: ReturnType<typeof validateExperiment>, statistics: ExperimentStatistics) {
  try {
    return analyzeExperiment(definition, statistics);
  } catch (error) {
    return { error: String(error) };
  }
}

function expectClose(actual: unknown, expected: unknown): void {
  const walk = (a: unknown, e: unknown, path: string): void => {
    if (typeof e === 'number') {
      expect(typeof a, path).toBe('number');
      if (Number.isNaN(e) || !Number.isFinite(e)) return void expect(a, path).toBe(e);
      const scale = Math.max(1, Math.abs(e), Math.abs(a as number));
      if (!(Math.abs((a as number) - e) <= 1e-9 * scale)) expect(a, path).toBe(e);
      return;
    }
    if (typeof e !== 'object' || e === null) return void expect(a, path).toEqual(e);
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
      for (const metric of SUPPLIED) {
        const value = unit.covariates[metric];
        if (value !== undefined) sink.recordCovariate({ experiment: key, metric, unit: id, value });
      }
    });
    await sink.close();
  }

  it('on random units, events, fixed and percentile caps and supplied covariates (to 1e-9)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(unitArbitrary, { maxLength: 40 }), capArbitrary, async (units, cap) => {
        const key = `prop-${run++}`;
        const definition = validateExperiment(definitionFor(key, cap));
        await store(key, units);
        const fromSql = await warehouse.readStatistics(definition, WINDOW);
        const inMemory = buildStatistics(definition, observe(units, definition));
        expectClose(fromSql, inMemory);
        // The CUPED-adjusted analysis, too: the engine reads the same thing from either.
        expectClose(analysisOf(definition, fromSql), analysisOf(definition, inMemory));
      }),
      { numRuns: 30 },
    );
  });

  it('CUPED with supplied covariates: the adjusted analysis from SQL equals the engine’s on the same units', async () => {
    // Enough units, with covariates that predict the metric, that CUPED has variance to remove.
    let seed = 7;
    const random = () => {
      seed = (seed * 16_807) % 2_147_483_647;
      return seed / 2_147_483_647;
    };
    const key = 'cuped-supplied';
    const arms = ['control', 'green', 'blue'];
    const units: GeneratedUnit[] = Array.from({ length: 300 }, (_, i) => {
      const exposedAt = FROM + (i + 1) * 60_000;
      const base = Math.round(random() * 100_000) / 1000;
      const lift = i % 3 === 1 ? 5 : 0;
      const revenue = Math.round((base + lift + random() * 20) * 1000) / 1000;
      const sessions = 1 + Math.floor(random() * 5);
      const clicks = Math.floor(sessions * (base / 25 + random()));
      const at = exposedAt + 1000;
      return {
        arm: arms[i % 3]!,
        laterArm: arms[(i + 1) % 3]!,
        exposedAt,
        events: [
          { metric: 'revenue', value: revenue, at },
          { metric: 'session', value: sessions, at },
          { metric: 'click', value: clicks, at },
        ],
        covariates: i % 10 === 0 ? {} : { spend: base, engagement: base / 25 },
      };
    });
    await store(key, units);
    const definition = validateExperiment(definitionFor(key, { percentile: 95 }));
    const fromSql = analysisOf(definition, await warehouse.readStatistics(definition, WINDOW));
    const inMemory = analysisOf(definition, buildStatistics(definition, observe(units, definition)));
    expectClose(fromSql, inMemory);
    for (const metric of ['spend', 'engagement']) {
      const result = 'metrics' in fromSql ? fromSql.metrics.find((m) => m.key === metric) : undefined;
      expect(result?.comparisons[0]?.cuped?.varianceReduction, metric).toBeGreaterThan(0.5);
    }
  });

  it('a percentile cap is PERCENTILE_CONT over every exposed unit of the listed arms, zeros included', async () => {
    const key = 'percentile';
    const at = FROM + HOUR;
    const unit = (arm: string, revenue: number[]): GeneratedUnit => ({
      arm,
      laterArm: arm,
      exposedAt: at,
      events: revenue.map((value) => ({ metric: 'revenue', value, at: at + 1 })),
      covariates: {},
    });
    await store(key, [
      unit('control', [10]),
      unit('control', [15, 5]), // the per-unit sum, 20, is what is ranked
      unit('green', [30]),
      unit('blue', [40]),
      unit('blue', []), // no event: ranked as 0
      unit('stray', [1000]), // an arm the definition does not list: not ranked
      unit('control green', [1000]), // nor one whose name holds two listed ones
      { ...unit('green', [500]), exposedAt: TO }, // exposed after the window: not ranked
    ]);
    // Sorted: 0, 10, 20, 30, 40; the 90th percentile sits at 4 × 0.9 = 3.6, so 30 + 0.6 × 10.
    const statistics = await warehouse.readStatistics(definitionFor(key, { percentile: 90 }), WINDOW);
    expect(statistics.arms.control!.metrics.revenue).toMatchObject({ n: 2, sum: 30, cappedAt: 36 });
    expect(statistics.arms.green!.metrics.revenue).toMatchObject({ n: 1, sum: 30, cappedAt: 36 });
    expect(statistics.arms.blue!.metrics.revenue).toMatchObject({ n: 2, sum: 36, sumSquares: 36 * 36 });
    const median = await warehouse.readStatistics(definitionFor(key, { percentile: 50 }), WINDOW);
    expect(median.arms.blue!.metrics.revenue).toMatchObject({ sum: 20, cappedAt: 20 });
    const none = await warehouse.readStatistics(definitionFor('nobody', { percentile: 90 }), WINDOW);
    expect(none.arms.control!.metrics.revenue).toMatchObject({ n: 0, sum: 0, cappedAt: 0 });
  });

  it('a supplied covariate is the value recorded for the experiment, metric and unit, else 0', async () => {
    const key = 'supplied';
    const at = FROM + HOUR;
    await store(key, [
      { arm: 'green', laterArm: 'green', exposedAt: at, events: [], covariates: { spend: 4, engagement: 9 } },
      { arm: 'green', laterArm: 'green', exposedAt: at, events: [], covariates: {} },
    ]);
    const sink = createPostgresSink({ pool, schema, flushIntervalMs: 60_000 });
    sink.recordCovariate({ experiment: key, metric: 'spend', unit: `${key}-u1`, value: 3 }); // u1 had none
    sink.recordCovariate({ experiment: 'other', metric: 'spend', unit: `${key}-u0`, value: 100 }); // another experiment
    await sink.close();
    const statistics = await warehouse.readStatistics(definitionFor(key, 1000), WINDOW);
    expect(statistics.arms.green!.metrics.spend!.covariate).toEqual({ sum: 7, sumSquares: 25, crossSum: 0 });
    expect(statistics.arms.green!.metrics.engagement!.covariate).toMatchObject({ sum: 9, sumSquares: 81 });
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
        covariates: {},
      },
      {
        arm: 'control',
        laterArm: 'green',
        exposedAt: at,
        events: [{ metric: 'purchase', value: 1, at }],
        covariates: {},
      },
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
      'engagement',
      'spend',
    ]);
  });

  it('refuses what it cannot compute in the database, naming the metric', async () => {
    const { prePeriod: _pre, ...noPrePeriod } = WINDOW;
    await expect(warehouse.readStatistics(definitionFor('refused', 10), noPrePeriod)).rejects.toThrow(
      /prePeriod: metrics "purchase" uses CUPED/,
    );
    // Supplied covariates need no pre-period.
    const supplied: ExperimentInput = {
      ...definitionFor('refused', 10),
      metrics: [{ key: 'spend', kind: 'mean', cuped: { covariate: 'supplied' } }],
    };
    await expect(warehouse.readStatistics(supplied, noPrePeriod)).resolves.toBeDefined();
    const ratio = definitionFor('refused', 10);
    const { events: _, ...noEvents } = WINDOW;
    const error = await warehouse.readStatistics(ratio, noEvents).catch((e: unknown) => e);
    expect(isInvalidWarehouseOptionsError(error)).toBe(true);
    expect(String(error)).toMatch(/events\["clicksPerSession"\]\.denominator/);
  });
});
