/**
 * @rampkit/postgres — Rampkit's warehouse path on PostgreSQL: a sink that writes exposures, events and
 * supplied CUPED covariates in batches, and documented SQL (sql/*.sql) that computes an experiment's sufficient statistics in the
 * database for @rampkit/experiments' `analyzeExperiment`.
 *
 * This list is the package's contract. Held back on purpose: the insert statements and the template
 * binding, which may change; the SQL itself is published under `@rampkit/postgres/sql/*`.
 */

export type { ConnectionOptions } from './connection.js';
export type { DroppedCounts, DropReason, PostgresErrorCode } from './errors.js';
export {
  DroppedRecordsError,
  InvalidWarehouseOptionsError,
  isDroppedRecordsError,
  isInvalidWarehouseOptionsError,
} from './errors.js';
export type { CovariateRecord, ExposureRecord, RecordSource, TrackRecord } from './records.js';
export type { InsertStatement } from './sink/insert-statements.js';
export type { PostgresSink, PostgresSinkOptions } from './sink/postgres-sink.js';
export { createPostgresSink } from './sink/postgres-sink.js';
export type { MetricEvents, ReadStatisticsOptions } from './statistics/read-statistics.js';
export type { PostgresWarehouse } from './warehouse.js';
export { createPostgresWarehouse } from './warehouse.js';
