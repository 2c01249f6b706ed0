import { isRampkitError, RampkitError } from '@rampkit/core';

/** The codes of a metrics source's errors. */
export type MetricsSourceErrorCode =
  /** No answer within the timeout. */
  | 'RAMPKIT_METRICS_SOURCE_TIMEOUT'
  /** The server could not be reached, or answered 5xx without an error payload. */
  | 'RAMPKIT_METRICS_SOURCE_UNAVAILABLE'
  /** 401 or 403: the credentials (headers, bearer token) were refused or missing. */
  | 'RAMPKIT_METRICS_SOURCE_UNAUTHORIZED'
  /** The server refused the query (Prometheus `status: "error"`: bad_data, execution, timeout…). */
  | 'RAMPKIT_METRICS_SOURCE_QUERY'
  /** The answer was not what a range query of one series returns (not JSON, not a matrix, several series). */
  | 'RAMPKIT_METRICS_SOURCE_RESPONSE';

/**
 * Reading metrics from a source failed. The controller reports it (`error` event) and judges the
 * tick as having no data: inconclusive, never a pass, so the no-data deadline applies.
 */
export class MetricsSourceError extends RampkitError {
  /** The query that failed, after templating. */
  readonly query: string | undefined;
  /** The HTTP status, when there was an answer. */
  readonly status: number | undefined;
  /** Prometheus's `errorType` (`bad_data`, `execution`, `timeout`, …), when it sent one. */
  readonly errorType: string | undefined;

  constructor(
    code: MetricsSourceErrorCode,
    message: string,
    details: { query?: string; status?: number; errorType?: string; cause?: unknown } = {},
  ) {
    super(code, message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'MetricsSourceError';
    this.query = details.query;
    this.status = details.status;
    this.errorType = details.errorType;
  }
}

/** True for every `MetricsSourceError`, across copies of the package (matched by code). */
export function isMetricsSourceError(value: unknown): value is MetricsSourceError {
  return isRampkitError(value) && value.code.startsWith('RAMPKIT_METRICS_SOURCE_');
}
