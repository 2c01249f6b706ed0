import { EventEmitter } from 'node:events';
import {
  type CovariateRecord,
  createPostgresSink,
  createPostgresWarehouse,
  type DroppedRecordsError,
  type ExposureRecord,
  isDroppedRecordsError,
  isInvalidWarehouseOptionsError,
  type TrackRecord,
} from '@rampkit/postgres';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropSchema, POSTGRES_URL, postgresForSuite, uniqueSchema } from '../support/postgres.js';

const available = await postgresForSuite('test/postgres/sink.test.ts');

const T0 = Date.UTC(2026, 0, 10);

function exposure(unit: string, variation: string, timestamp: number, flagKey = 'checkout'): ExposureRecord {
  return { flagKey, variation, unit, flagVersion: 1, reason: 'SPLIT', inExperiment: true, timestamp };
}

function event(unit: string, metricKey: string, value: number, timestamp: number): TrackRecord {
  return { metricKey, unit, value, timestamp };
}

function covariate(unit: string, metric: string, value: number, experiment = 'checkout'): CovariateRecord {
  return { experiment, metric, unit, value };
}

describe.skipIf(!available)('the Postgres sink writes exposures and events in batches', () => {
  const schema = uniqueSchema('sink');
  let pool: pg.Pool;

  beforeAll(async () => {
    pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 4 });
    await createPostgresWarehouse({ pool, schema }).migrate();
  });
  afterAll(async () => {
    await pool?.end();
    await dropSchema(schema);
  });

  async function rows(
    table: 'exposures' | 'events' | 'covariates',
    where = 'TRUE',
  ): Promise<Record<string, unknown>[]> {
    const order = {
      exposures: 'experiment, unit',
      events: 'unit, metric, time, value',
      covariates: 'experiment, metric, unit',
    }[table];
    return (await pool.query(`SELECT * FROM "${schema}"."${table}" WHERE ${where} ORDER BY ${order}`)).rows;
  }

  it('migrate is idempotent and safe to run concurrently', async () => {
    const warehouse = createPostgresWarehouse({ pool, schema });
    await Promise.all([warehouse.migrate(), warehouse.migrate(), warehouse.migrate()]);
  });

  it('keeps each unit in the arm of its first exposure, whatever order exposures arrive in', async () => {
    const sink = createPostgresSink({ pool, schema, batchSize: 2, flushIntervalMs: 60_000 });
    sink.recordExposure(exposure('first-u1', 'green', T0 + 5_000));
    sink.recordExposure(exposure('first-u1', 'control', T0 + 1_000)); // same batch, earlier
    sink.recordExposure(exposure('first-u2', 'control', T0 + 1_000));
    await sink.flush();
    sink.recordExposure(exposure('first-u2', 'green', T0 + 9_000)); // a later batch, later: ignored
    sink.recordExposure(exposure('first-u1', 'green', T0 + 500)); // a later batch, earlier: wins
    sink.recordExposure({ ...exposure('first-u3', 'green', T0), inExperiment: false }); // not recorded
    const { unit: _, ...anonymous } = exposure('x', 'green', T0);
    sink.recordExposure(anonymous); // no unit: not recorded
    await sink.close();
    const stored = await rows('exposures', "unit LIKE 'first-%'");
    expect(stored.map((r) => [r.unit, r.arm, (r.first_exposed_at as Date).getTime()])).toEqual([
      ['first-u1', 'green', T0 + 500],
      ['first-u2', 'control', T0 + 1_000],
    ]);
  });

  it('writes events in batches of batchSize, values and times intact', async () => {
    const sink = createPostgresSink({ pool, schema, batchSize: 7, flushIntervalMs: 60_000 });
    for (let i = 0; i < 30; i++) sink.recordEvent(event(`batch-u${i % 3}`, 'revenue', i + 0.25, T0 + i));
    await sink.close();
    const stored = await rows('events', "unit LIKE 'batch-%'");
    expect(stored).toHaveLength(30);
    expect(stored.reduce((total, r) => total + (r.value as number), 0)).toBeCloseTo(435 + 7.5, 9);
    const batches = new Set(stored.map((r) => r.batch_id));
    expect(batches.size).toBe(Math.ceil(30 / 7));
    expect(stored.map((r) => (r.time as Date).getTime()).sort((a, b) => a - b)[29]).toBe(T0 + 29);
  });

  it('the VALUES statement writes the same rows as UNNEST', async () => {
    for (const statement of ['unnest', 'values'] as const) {
      const sink = createPostgresSink({ pool, schema, statement, flushIntervalMs: 60_000 });
      sink.recordExposure(exposure(`${statement}-u1`, 'green', T0));
      sink.recordEvent(event(`${statement}-u1`, 'clicks', 2, T0 + 1));
      await sink.close();
    }
    const shape = async (prefix: string) =>
      (await rows('events', `unit LIKE '${prefix}-%'`)).map((r) => [r.metric, r.value, r.seq]);
    expect(await shape('values')).toEqual(await shape('unnest'));
    expect(await rows('exposures', "unit IN ('unnest-u1', 'values-u1')")).toHaveLength(2);
  });

  it('a batch retried after a lost commit reply is not counted twice', async () => {
    // The commit reaches the database, but the reply is lost: the sink sees an error and retries.
    let lost = 0;
    const flaky = {
      async connect() {
        const client = await pool.connect();
        const query = client.query.bind(client) as (text: string, values?: unknown[]) => Promise<unknown>;
        return Object.assign(Object.create(client), {
          query: async (text: string, values?: unknown[]) => {
            const result = await query(text, values);
            if (text === 'COMMIT' && lost++ === 0) throw new Error('connection reset after COMMIT');
            return result;
          },
          release: () => client.release(),
        });
      },
    } as unknown as pg.Pool;
    const errors: DroppedRecordsError[] = [];
    const sink = createPostgresSink({
      pool: flaky,
      schema,
      retryDelayMs: 1,
      flushIntervalMs: 60_000,
      onError: (e) => errors.push(e),
    });
    sink.recordExposure(exposure('lost-u1', 'green', T0));
    for (let i = 0; i < 5; i++) sink.recordEvent(event('lost-u1', 'purchase', 1, T0 + i));
    sink.recordCovariate(covariate('lost-u1', 'revenue', 42));
    await sink.close();
    expect(lost).toBe(2);
    expect(errors).toEqual([]);
    expect(await rows('events', "unit = 'lost-u1'")).toHaveLength(5);
    expect((await rows('covariates', "unit = 'lost-u1'")).map((r) => r.value)).toEqual([42]);
  });

  it('writes supplied covariates in batches, one per (experiment, metric, unit), the last recorded winning', async () => {
    for (const statement of ['unnest', 'values'] as const) {
      const sink = createPostgresSink({ pool, schema, statement, batchSize: 3, flushIntervalMs: 60_000 });
      const unit = (i: number) => `cov-${statement}-u${i}`;
      sink.recordCovariate(covariate(unit(1), 'revenue', 10));
      sink.recordCovariate(covariate(unit(1), 'revenue', 11)); // same batch: replaces 10
      sink.recordCovariate(covariate(unit(1), 'sessions', 4)); // another metric: its own row
      sink.recordCovariate(covariate(unit(2), 'revenue', 7.25));
      sink.recordCovariate(covariate(unit(1), 'revenue', 3, 'pricing')); // another experiment
      sink.recordCovariate(covariate(unit(2), 'revenue', 12)); // a later batch: replaces 7.25
      sink.recordCovariate(covariate(unit(3), 'revenue', Number.NaN)); // not a number: not recorded
      sink.recordCovariate({ experiment: 'checkout', metric: 'revenue', value: 1 } as CovariateRecord);
      await sink.close();
      const stored = await rows('covariates', `unit LIKE 'cov-${statement}-%'`);
      expect(stored.map((r) => [r.experiment, r.metric, r.unit, r.value])).toEqual([
        ['checkout', 'revenue', unit(1), 11],
        ['checkout', 'revenue', unit(2), 12],
        ['checkout', 'sessions', unit(1), 4],
        ['pricing', 'revenue', unit(1), 3],
      ]);
    }
  });

  it('migrate adds the covariates table to a schema made before it existed', async () => {
    const older = uniqueSchema('older');
    try {
      await pool.query(`CREATE SCHEMA "${older}"`);
      await pool.query(
        `CREATE TABLE "${older}".exposures (experiment TEXT NOT NULL, unit TEXT NOT NULL, arm TEXT NOT NULL,
           first_exposed_at TIMESTAMP WITH TIME ZONE NOT NULL, PRIMARY KEY (experiment, unit))`,
      );
      await pool.query(`INSERT INTO "${older}".exposures VALUES ('checkout', 'kept', 'green', now())`);
      await createPostgresWarehouse({ pool, schema: older }).migrate();
      const sink = createPostgresSink({ pool, schema: older, flushIntervalMs: 60_000 });
      sink.recordCovariate(covariate('kept', 'revenue', 5));
      await sink.close();
      const read = async (table: string) => (await pool.query(`SELECT unit FROM "${older}".${table}`)).rows;
      expect(await read('exposures')).toEqual([{ unit: 'kept' }]);
      expect(await read('covariates')).toEqual([{ unit: 'kept' }]);
    } finally {
      await dropSchema(older);
    }
  });

  it('attach records a client’s exposure and track events until detached', async () => {
    const client = new EventEmitter();
    const sink = createPostgresSink({ pool, schema, flushIntervalMs: 60_000 });
    const detach = sink.attach(client);
    client.emit('exposure', exposure('attach-u1', 'green', T0));
    client.emit('track', event('attach-u1', 'purchase', 1, T0 + 1));
    detach();
    client.emit('track', event('attach-u1', 'purchase', 1, T0 + 2));
    expect(sink.buffered).toBe(2);
    await sink.close();
    expect(await rows('events', "unit = 'attach-u1'")).toHaveLength(1);
    expect(client.listenerCount('exposure') + client.listenerCount('track')).toBe(0);
  });

  it('flushes on its interval without being asked', async () => {
    const sink = createPostgresSink({ pool, schema, flushIntervalMs: 20 });
    sink.recordEvent(event('timer-u1', 'purchase', 1, T0));
    await expect.poll(async () => (await rows('events', "unit = 'timer-u1'")).length).toBe(1);
    await sink.close();
  });
});

describe('the Postgres sink never throws into the caller and reports exactly what it dropped', () => {
  it('a full buffer refuses new records and reports each one', async () => {
    const errors: DroppedRecordsError[] = [];
    const sink = createPostgresSink({
      connectionString: 'postgres://postgres@127.0.0.1:1/none',
      maxBuffered: 3,
      maxAttempts: 1,
      flushIntervalMs: 60_000,
      onError: (e) => errors.push(e),
    });
    sink.recordEvent(event('u1', 'purchase', 1, T0));
    sink.recordEvent(event('u1', 'purchase', 1, T0));
    sink.recordExposure(exposure('u1', 'green', T0));
    sink.recordEvent(event('u1', 'purchase', 1, T0));
    sink.recordExposure(exposure('u2', 'green', T0));
    sink.recordCovariate(covariate('u1', 'revenue', 1));
    expect(errors.map((e) => [e.reason, e.exposures, e.events, e.covariates])).toEqual([
      ['overflow', 0, 1, 0],
      ['overflow', 1, 0, 0],
      ['overflow', 0, 0, 1],
    ]);
    expect(sink.buffered).toBe(3);
    await sink.close();
  });

  it('a batch that fails every attempt is dropped with its counts and the last error', async () => {
    const errors: DroppedRecordsError[] = [];
    const sink = createPostgresSink({
      connectionString: 'postgres://postgres@127.0.0.1:1/none',
      maxAttempts: 3,
      retryDelayMs: 1,
      batchSize: 4,
      flushIntervalMs: 60_000,
      onError: (e) => errors.push(e),
    });
    sink.recordExposure(exposure('u1', 'green', T0));
    for (let i = 0; i < 5; i++) sink.recordEvent(event('u1', 'purchase', 1, T0 + i));
    for (let i = 0; i < 3; i++) sink.recordCovariate(covariate(`u${i}`, 'revenue', i));
    await expect(sink.flush()).resolves.toBeUndefined();
    expect(errors.every(isDroppedRecordsError)).toBe(true);
    expect(errors.map((e) => [e.reason, e.exposures, e.events, e.covariates])).toEqual([
      ['writeFailed', 1, 3, 0],
      ['writeFailed', 0, 2, 2],
      ['writeFailed', 0, 0, 1],
    ]);
    expect(errors[0]!.cause).toBeInstanceOf(Error);
    expect(errors[0]!.code).toBe('RAMPKIT_RECORDS_DROPPED');
    await sink.close();
    sink.recordEvent(event('u1', 'purchase', 1, T0));
    expect(errors.at(-1)!.reason).toBe('closed');
  });

  it('a throwing error handler does not reach the caller', () => {
    const sink = createPostgresSink({
      connectionString: 'postgres://postgres@127.0.0.1:1/none',
      maxBuffered: 1,
      flushIntervalMs: 60_000,
      onError: () => {
        throw new Error('handler bug');
      },
    });
    sink.recordEvent(event('u1', 'purchase', 1, T0));
    expect(() => sink.recordEvent(event('u1', 'purchase', 1, T0))).not.toThrow();
    void sink.close();
  });

  it('bad options are refused at creation, naming the option', () => {
    const make = (options: Parameters<typeof createPostgresSink>[0]) => () => createPostgresSink(options);
    const url = 'postgres://postgres@127.0.0.1:1/none';
    expect(make({ connectionString: url, schema: 'bad-name;' })).toThrow(/schema: must be/);
    expect(make({ connectionString: url, batchSize: 0 })).toThrow(
      /batchSize: must be an integer from 1 to 10000/,
    );
    expect(make({})).toThrow(/exactly one of pool or connectionString/);
    expect(make({ connectionString: url, tables: { covariates: 'a b' } })).toThrow(
      /tables\.covariates: must be/,
    );
    try {
      make({ connectionString: url, tables: { events: '1x' } })();
    } catch (error) {
      expect(isInvalidWarehouseOptionsError(error)).toBe(true);
    }
  });
});
