import pg from 'pg';
import { InvalidWarehouseOptionsError } from './errors.js';

/** Where the tables live. */
export interface ConnectionOptions {
  /** A pool you own (closing the sink or warehouse leaves it open). Give this or `connectionString`. */
  pool?: pg.Pool;
  /** A connection string (`postgres://user@host:5432/db`): a pool of our own, ended by `close()`. */
  connectionString?: string;
  /**
   * The schema of the tables (created by `migrate()`).
   * @default 'rampkit'
   */
  schema?: string;
  /** Table names inside the schema. */
  tables?: {
    /** @default 'exposures' */
    exposures?: string;
    /** @default 'events' */
    events?: string;
    /** @default 'covariates' */
    covariates?: string;
  };
}

/** The quoted identifiers the SQL templates take. */
export interface Names {
  schema: string;
  exposures: string;
  events: string;
  covariates: string;
  exposures_index: string;
  events_index: string;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,47}$/;

function identifier(value: unknown, option: string): string {
  if (typeof value !== 'string' || !IDENTIFIER.test(value)) {
    throw new InvalidWarehouseOptionsError(
      `${option}: must be 1 to 48 letters, digits or '_', not starting with a digit, got ${JSON.stringify(value)}`,
    );
  }
  return `"${value}"`;
}

/** Checks and quotes the schema and table names. @throws InvalidWarehouseOptionsError */
export function namesOf(options: ConnectionOptions): Names {
  const exposures = options.tables?.exposures ?? 'exposures';
  const events = options.tables?.events ?? 'events';
  const covariates = options.tables?.covariates ?? 'covariates';
  return {
    schema: identifier(options.schema ?? 'rampkit', 'schema'),
    exposures: identifier(exposures, 'tables.exposures'),
    events: identifier(events, 'tables.events'),
    covariates: identifier(covariates, 'tables.covariates'),
    exposures_index: `"${exposures}_experiment_time"`,
    events_index: `"${events}_metric_unit_time"`,
  };
}

/** Fills a template's {{name}} placeholders with quoted identifiers. */
export function render(template: string, names: Names): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    const name = names[key as keyof Names];
    if (name === undefined) throw new Error(`unknown placeholder {{${key}}}`);
    return name;
  });
}

/** The pool to use and whether we own it. @throws InvalidWarehouseOptionsError */
export function poolOf(options: ConnectionOptions): { pool: pg.Pool; owned: boolean } {
  if ((options.pool === undefined) === (options.connectionString === undefined)) {
    throw new InvalidWarehouseOptionsError('give exactly one of pool or connectionString');
  }
  if (options.pool !== undefined) return { pool: options.pool, owned: false };
  const pool = new pg.Pool({ connectionString: options.connectionString });
  // An idle client's error (a restarted server) would otherwise crash the process.
  pool.on('error', () => {});
  return { pool, owned: true };
}
