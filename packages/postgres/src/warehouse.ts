import type { ExperimentDefinition, ExperimentInput, ExperimentStatistics } from '@rampkit/experiments';
import { type ConnectionOptions, namesOf, poolOf, render } from './connection.js';
import { SCHEMA_SQL } from './sql/templates.js';
import { type ReadStatisticsOptions, readStatistics } from './statistics/read-statistics.js';

/** The tables and the statistics computed over them. */
export interface PostgresWarehouse {
  /** Creates the schema, tables and indexes when missing (sql/schema.sql); safe to run concurrently. */
  migrate(): Promise<void>;
  /** An experiment's sufficient statistics, for `analyzeExperiment` (sql/metric-statistics.sql). */
  readStatistics(
    definition: ExperimentInput | ExperimentDefinition,
    options: ReadStatisticsOptions,
  ): Promise<ExperimentStatistics>;
  /** Ends the pool if the warehouse made it. */
  close(): Promise<void>;
}

/** @throws InvalidWarehouseOptionsError for a bad schema or table name, or not exactly one of pool / connectionString */
export function createPostgresWarehouse(options: ConnectionOptions): PostgresWarehouse {
  const names = namesOf(options);
  const { pool, owned } = poolOf(options);
  return {
    async migrate() {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        // Concurrent CREATE … IF NOT EXISTS can still collide in the catalog: one migration at a time.
        await client.query("SELECT pg_advisory_xact_lock(hashtext('rampkit-postgres-migrate'))");
        await client.query(render(SCHEMA_SQL, names));
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    readStatistics: (definition, window) => readStatistics(pool, names, definition, window),
    async close() {
      if (owned) await pool.end();
    },
  };
}
