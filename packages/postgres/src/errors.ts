import { isRampkitError, RampkitError } from '@rampkit/core';
import { errorMessage } from '@rampkit/core/internal';

/** The stable codes of this package's errors. */
export type PostgresErrorCode = 'RAMPKIT_RECORDS_DROPPED' | 'RAMPKIT_INVALID_WAREHOUSE_OPTIONS';

/** Why the sink dropped records. */
export type DropReason =
  /** The buffer held `maxBuffered` records: new ones were refused. */
  | 'overflow'
  /** A batch failed `maxAttempts` times. */
  | 'writeFailed'
  /** Recorded after `close()`. */
  | 'closed';

/** How many records of each kind were dropped. */
export interface DroppedCounts {
  exposures: number;
  events: number;
  covariates: number;
}

/**
 * The sink dropped records; passed to its `onError` (or logged) and never thrown. `exposures`,
 * `events` and `covariates` count exactly the records lost; `cause` is the last database error for
 * `writeFailed`.
 */
export class DroppedRecordsError extends RampkitError {
  readonly reason: DropReason;
  readonly exposures: number;
  readonly events: number;
  readonly covariates: number;

  constructor(reason: DropReason, counts: DroppedCounts, cause?: unknown) {
    const what = `${counts.exposures} exposure(s), ${counts.events} event(s) and ${counts.covariates} covariate(s)`;
    const why = {
      overflow: 'the buffer is full (maxBuffered)',
      writeFailed: `the batch failed every attempt${cause === undefined ? '' : `: ${errorMessage(cause)}`}`,
      closed: 'the sink is closed',
    }[reason];
    super('RAMPKIT_RECORDS_DROPPED', `dropped ${what}: ${why}`, { cause });
    this.name = 'DroppedRecordsError';
    this.reason = reason;
    this.exposures = counts.exposures;
    this.events = counts.events;
    this.covariates = counts.covariates;
  }
}

/** Options the warehouse or the sink cannot work with: the message names the option and the value. */
export class InvalidWarehouseOptionsError extends RampkitError {
  constructor(message: string) {
    super('RAMPKIT_INVALID_WAREHOUSE_OPTIONS', message);
    this.name = 'InvalidWarehouseOptionsError';
  }
}

/** True for a `DroppedRecordsError`, also across copies of this package. */
export function isDroppedRecordsError(error: unknown): error is DroppedRecordsError {
  return isRampkitError(error) && error.code === 'RAMPKIT_RECORDS_DROPPED';
}

/** True for an `InvalidWarehouseOptionsError`, also across copies of this package. */
export function isInvalidWarehouseOptionsError(error: unknown): error is InvalidWarehouseOptionsError {
  return isRampkitError(error) && error.code === 'RAMPKIT_INVALID_WAREHOUSE_OPTIONS';
}
