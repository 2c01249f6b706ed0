import { randomUUID } from 'node:crypto';
import { type ConnectionOptions, type Names, namesOf, poolOf } from '../connection.js';
import { DroppedRecordsError, InvalidWarehouseOptionsError } from '../errors.js';
import type { CovariateRecord, ExposureRecord, RecordSource, TrackRecord } from '../records.js';
import {
  type BatchColumns,
  covariateInsert,
  eventInsert,
  exposureInsert,
  type InsertStatement,
} from './insert-statements.js';

export interface PostgresSinkOptions extends ConnectionOptions {
  /**
   * Records per batch (one transaction, one statement per table).
   * @default 1000
   */
  batchSize?: number;
  /**
   * How often buffered records are written, in milliseconds.
   * @default 1000
   */
  flushIntervalMs?: number;
  /**
   * Records held at most while the database is slow or away; past it new records are dropped and
   * reported (`onError`), so memory stays bounded whatever the traffic.
   * @default 100000
   */
  maxBuffered?: number;
  /**
   * Attempts per batch before its records are dropped and reported.
   * @default 3
   */
  maxAttempts?: number;
  /**
   * The delay before the first retry, doubled for each next one, in milliseconds.
   * @default 200
   */
  retryDelayMs?: number;
  /**
   * Called with every `DroppedRecordsError` (what was dropped and why). Never called for a batch a
   * retry saved.
   * @default logs the error with console.error
   */
  onError?: (error: DroppedRecordsError) => void;
  /**
   * How a batch is written: `unnest`, one array per column (2–3× faster in bench/warehouse), or
   * `values`, a multi-row VALUES list; kept for that comparison.
   * @default 'unnest'
   */
  statement?: InsertStatement;
}

/** Writes exposures, events and supplied covariates to PostgreSQL in batches; see the package README. */
export interface PostgresSink {
  /** Buffers an exposure (only those in an experiment, with a unit). Never throws. */
  recordExposure(event: ExposureRecord): void;
  /** Buffers an event. Never throws. */
  recordEvent(event: TrackRecord): void;
  /**
   * Buffers a supplied CUPED covariate, for metrics with `cuped: { covariate: 'supplied' }`; the value
   * recorded last for (experiment, metric, unit) wins. Never throws.
   */
  recordCovariate(covariate: CovariateRecord): void;
  /** Records a client's `exposure` and `track` events until the returned function (or `close`) detaches. */
  attach(client: RecordSource): () => void;
  /** Writes everything buffered now; resolves when done (or dropped and reported). Never rejects. */
  flush(): Promise<void>;
  /** Detaches, writes what is buffered, stops the timer and ends the pool if the sink made it. */
  close(): Promise<void>;
  /** Records waiting to be written. */
  readonly buffered: number;
}

interface Pending {
  exposures: ExposureRecord[];
  events: TrackRecord[];
  covariates: CovariateRecord[];
}

const MAX_BATCH = 10_000;

function positiveInteger(
  value: number | undefined,
  fallback: number,
  option: string,
  max = Infinity,
): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new InvalidWarehouseOptionsError(
      `${option}: must be an integer from 1${max < Infinity ? ` to ${max}` : ''}, got ${value}`,
    );
  }
  return value;
}

/**
 * Creates a sink. Delivery is exactly-once per batch as far as the database can tell: a batch keeps
 * its id across retries and rows are keyed by (batch id, position), so a retry after a lost commit
 * reply writes nothing twice. Exposures are keyed by (experiment, unit) and keep the earliest.
 * @throws InvalidWarehouseOptionsError for bad options (at creation, never later)
 */
export function createPostgresSink(options: PostgresSinkOptions): PostgresSink {
  const names = namesOf(options);
  const batchSize = positiveInteger(options.batchSize, 1000, 'batchSize', MAX_BATCH);
  const flushIntervalMs = positiveInteger(options.flushIntervalMs, 1000, 'flushIntervalMs');
  const maxBuffered = positiveInteger(options.maxBuffered, 100_000, 'maxBuffered');
  const maxAttempts = positiveInteger(options.maxAttempts, 3, 'maxAttempts', 100);
  const retryDelayMs = options.retryDelayMs ?? 200;
  const mode = options.statement ?? 'unnest';
  const report =
    options.onError ?? ((error: DroppedRecordsError) => console.error(`[rampkit/postgres] ${error.message}`));
  const { pool, owned } = poolOf(options);

  const pending: Pending = { exposures: [], events: [], covariates: [] };
  let closed = false;
  let writing: Promise<void> = Promise.resolve();
  const detachers = new Set<() => void>();
  const timer = setInterval(() => void flush(), flushIntervalMs);
  timer.unref?.();

  const size = () => pending.exposures.length + pending.events.length + pending.covariates.length;

  function safeReport(error: DroppedRecordsError): void {
    try {
      report(error);
    } catch {
      // A throwing error handler must not reach the request path either.
    }
  }

  function admit(kind: keyof Pending): boolean {
    if (closed || size() >= maxBuffered) {
      const counts = { exposures: 0, events: 0, covariates: 0, [kind]: 1 };
      safeReport(new DroppedRecordsError(closed ? 'closed' : 'overflow', counts));
      return false;
    }
    return true;
  }

  function recordExposure(event: ExposureRecord): void {
    if (!event?.inExperiment || typeof event.unit !== 'string' || !Number.isFinite(event.timestamp)) return;
    if (!admit('exposures')) return;
    pending.exposures.push(event);
    if (size() >= batchSize) void flush();
  }

  function recordEvent(event: TrackRecord): void {
    if (typeof event?.unit !== 'string' || typeof event.metricKey !== 'string') return;
    if (!Number.isFinite(event.value) || !Number.isFinite(event.timestamp)) return;
    if (!admit('events')) return;
    pending.events.push(event);
    if (size() >= batchSize) void flush();
  }

  function recordCovariate(covariate: CovariateRecord): void {
    if (typeof covariate?.experiment !== 'string' || typeof covariate.metric !== 'string') return;
    if (typeof covariate.unit !== 'string' || !Number.isFinite(covariate.value)) return;
    if (!admit('covariates')) return;
    pending.covariates.push(covariate);
    if (size() >= batchSize) void flush();
  }

  function flush(): Promise<void> {
    // One writer at a time, in order; a flush waits for the one before it and then takes what is left.
    writing = writing.then(drain);
    return writing;
  }

  async function drain(): Promise<void> {
    while (size() > 0) {
      const batch = take(batchSize);
      await writeWithRetries(batch);
    }
  }

  function take(limit: number): Pending {
    const exposures = pending.exposures.splice(0, limit);
    const events = pending.events.splice(0, limit - exposures.length);
    const covariates = pending.covariates.splice(0, limit - exposures.length - events.length);
    return { exposures, events, covariates };
  }

  async function writeWithRetries(batch: Pending): Promise<void> {
    const id = randomUUID();
    const columns = toColumns(batch);
    let lastError: unknown;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      try {
        await writeBatch(pool, names, id, columns, mode);
        return;
      } catch (error) {
        lastError = error;
        if (attempt < maxAttempts) await sleep(retryDelayMs * 2 ** (attempt - 1));
      }
    }
    safeReport(
      new DroppedRecordsError(
        'writeFailed',
        {
          exposures: batch.exposures.length,
          events: batch.events.length,
          covariates: batch.covariates.length,
        },
        lastError,
      ),
    );
  }

  function attach(client: RecordSource): () => void {
    const onExposure = (event: ExposureRecord) => recordExposure(event);
    const onTrack = (event: TrackRecord) => recordEvent(event);
    client.on('exposure', onExposure);
    client.on('track', onTrack);
    const detach = () => {
      client.off('exposure', onExposure);
      client.off('track', onTrack);
      detachers.delete(detach);
    };
    detachers.add(detach);
    return detach;
  }

  async function close(): Promise<void> {
    if (closed) return writing;
    for (const detach of [...detachers]) detach();
    clearInterval(timer);
    await flush();
    closed = true;
    if (owned) await pool.end().catch(() => {});
  }

  return {
    recordExposure,
    recordEvent,
    recordCovariate,
    attach,
    flush,
    close,
    get buffered() {
      return size();
    },
  };
}

/**
 * Column arrays of a batch; exposures of the same (experiment, unit) collapse to the earliest,
 * covariates of the same (experiment, metric, unit) to the last recorded.
 */
function toColumns(batch: Pending): BatchColumns {
  const earliest = new Map<string, ExposureRecord>();
  for (const exposure of batch.exposures) {
    const key = `${exposure.flagKey}\u0000${exposure.unit}`;
    const seen = earliest.get(key);
    if (seen === undefined || exposure.timestamp < seen.timestamp) earliest.set(key, exposure);
  }
  const exposures: BatchColumns['exposures'] = { experiment: [], unit: [], arm: [], at: [] };
  for (const exposure of earliest.values()) {
    exposures.experiment.push(exposure.flagKey);
    exposures.unit.push(exposure.unit!);
    exposures.arm.push(exposure.variation);
    exposures.at.push(exposure.timestamp);
  }
  const events: BatchColumns['events'] = { seq: [], metric: [], unit: [], value: [], at: [] };
  batch.events.forEach((event, i) => {
    events.seq.push(i);
    events.metric.push(event.metricKey);
    events.unit.push(event.unit);
    events.value.push(event.value);
    events.at.push(event.timestamp);
  });
  const last = new Map<string, CovariateRecord>();
  for (const covariate of batch.covariates) {
    const key = `${covariate.experiment}\u0000${covariate.metric}\u0000${covariate.unit}`;
    last.set(key, covariate);
  }
  const covariates: BatchColumns['covariates'] = { experiment: [], metric: [], unit: [], value: [] };
  for (const covariate of last.values()) {
    covariates.experiment.push(covariate.experiment);
    covariates.metric.push(covariate.metric);
    covariates.unit.push(covariate.unit);
    covariates.value.push(covariate.value);
  }
  return { exposures, events, covariates };
}

async function writeBatch(
  pool: import('pg').Pool,
  names: Names,
  id: string,
  columns: BatchColumns,
  mode: InsertStatement,
): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    if (columns.exposures.unit.length > 0) {
      const { text, values } = exposureInsert(names, columns.exposures, mode);
      await client.query(text, values);
    }
    if (columns.events.seq.length > 0) {
      const { text, values } = eventInsert(names, id, columns.events, mode);
      await client.query(text, values);
    }
    if (columns.covariates.unit.length > 0) {
      const { text, values } = covariateInsert(names, columns.covariates, mode);
      await client.query(text, values);
    }
    await client.query('COMMIT');
    client.release();
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    // A client whose connection broke must not go back to the pool.
    client.release(error instanceof Error ? error : true);
    throw error;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
