import type { Names } from '../connection.js';

/**
 * One batch as column arrays, exposures de-duplicated to each unit's earliest and covariates to the
 * last recorded (one statement may not update a row twice).
 */
export interface BatchColumns {
  exposures: { experiment: string[]; unit: string[]; arm: string[]; at: number[] };
  events: { seq: number[]; metric: string[]; unit: string[]; value: number[]; at: number[] };
  covariates: { experiment: string[]; metric: string[]; unit: string[]; value: number[] };
}

export interface Statement {
  text: string;
  values: unknown[];
}

/** How a batch becomes SQL: `unnest` (one array parameter per column) or `values` (one per cell). */
export type InsertStatement = 'unnest' | 'values';

// An earlier exposure that arrives late replaces the stored one: the table keeps the first.
const exposureConflict = (names: Names) =>
  `ON CONFLICT (experiment, unit) DO UPDATE SET arm = EXCLUDED.arm, first_exposed_at = EXCLUDED.first_exposed_at
   WHERE EXCLUDED.first_exposed_at < ${names.exposures}.first_exposed_at`;

export function exposureInsert(
  names: Names,
  columns: BatchColumns['exposures'],
  mode: InsertStatement,
): Statement {
  const head = `INSERT INTO ${names.schema}.${names.exposures} (experiment, unit, arm, first_exposed_at)`;
  if (mode === 'unnest') {
    return {
      text: `${head}
        SELECT experiment, unit, arm, to_timestamp(at_ms / 1000.0)
        FROM UNNEST($1::text[], $2::text[], $3::text[], $4::float8[]) AS u(experiment, unit, arm, at_ms)
        ${exposureConflict(names)}`,
      values: [columns.experiment, columns.unit, columns.arm, columns.at],
    };
  }
  const values: unknown[] = [];
  const rows = columns.experiment.map((_, i) => {
    const p = values.push(columns.experiment[i], columns.unit[i], columns.arm[i], columns.at[i]);
    return `($${p - 3}, $${p - 2}, $${p - 1}, to_timestamp($${p}::float8 / 1000.0))`;
  });
  return { text: `${head} VALUES ${rows.join(', ')} ${exposureConflict(names)}`, values };
}

export function eventInsert(
  names: Names,
  batchId: string,
  columns: BatchColumns['events'],
  mode: InsertStatement,
): Statement {
  const head = `INSERT INTO ${names.schema}.${names.events} (batch_id, seq, metric, unit, value, time)`;
  const conflict = 'ON CONFLICT (batch_id, seq) DO NOTHING';
  if (mode === 'unnest') {
    return {
      text: `${head}
        SELECT $1::uuid, seq, metric, unit, value, to_timestamp(at_ms / 1000.0)
        FROM UNNEST($2::int[], $3::text[], $4::text[], $5::float8[], $6::float8[]) AS u(seq, metric, unit, value, at_ms)
        ${conflict}`,
      values: [batchId, columns.seq, columns.metric, columns.unit, columns.value, columns.at],
    };
  }
  const values: unknown[] = [batchId];
  const rows = columns.seq.map((_, i) => {
    const p = values.push(
      columns.seq[i],
      columns.metric[i],
      columns.unit[i],
      columns.value[i],
      columns.at[i],
    );
    return `($1::uuid, $${p - 4}::int, $${p - 3}, $${p - 2}, $${p - 1}::float8, to_timestamp($${p}::float8 / 1000.0))`;
  });
  return { text: `${head} VALUES ${rows.join(', ')} ${conflict}`, values };
}

export function covariateInsert(
  names: Names,
  columns: BatchColumns['covariates'],
  mode: InsertStatement,
): Statement {
  const head = `INSERT INTO ${names.schema}.${names.covariates} (experiment, metric, unit, value)`;
  // The value recorded last replaces the stored one; a retried batch writes the same value again.
  const conflict = 'ON CONFLICT (experiment, metric, unit) DO UPDATE SET value = EXCLUDED.value';
  if (mode === 'unnest') {
    return {
      text: `${head}
        SELECT experiment, metric, unit, value
        FROM UNNEST($1::text[], $2::text[], $3::text[], $4::float8[]) AS u(experiment, metric, unit, value)
        ${conflict}`,
      values: [columns.experiment, columns.metric, columns.unit, columns.value],
    };
  }
  const values: unknown[] = [];
  const rows = columns.experiment.map((_, i) => {
    const p = values.push(columns.experiment[i], columns.metric[i], columns.unit[i], columns.value[i]);
    return `($${p - 3}, $${p - 2}, $${p - 1}, $${p}::float8)`;
  });
  return { text: `${head} VALUES ${rows.join(', ')} ${conflict}`, values };
}
