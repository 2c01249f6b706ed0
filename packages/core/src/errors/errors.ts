import { formatIssues } from '../validation/format-issues.js';
import { errorCode } from './error-code.js';
/**
 * Every error Rampkit throws is a `RampkitError` with a stable, machine-readable `code`.
 * Callers branch on `code` (or the `is*` guards), never on the message text, which may improve.
 */
/** The codes of @rampkit/core's own errors. */
export type RampkitErrorCode =
  | 'RAMPKIT_INVALID_CONFIG'
  | 'RAMPKIT_INVALID_ARGUMENT'
  | 'RAMPKIT_CONFLICT'
  | 'RAMPKIT_NOT_READY'
  | 'RAMPKIT_STORE_UNAVAILABLE'
  | 'RAMPKIT_LEASE_LOST'
  | 'RAMPKIT_CLOSED';

/**
 * Any Rampkit error code. Each package declares its own (`RolloutErrorCode` in @rampkit/rollout,
 * `RedisErrorCode` in @rampkit/redis); all start with `RAMPKIT_`, which is how `isRampkitError`
 * knows them across copies of a package.
 */
export type AnyRampkitErrorCode = RampkitErrorCode | `RAMPKIT_${string}`;

export class RampkitError extends Error {
  readonly code: AnyRampkitErrorCode;

  constructor(code: AnyRampkitErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RampkitError';
    this.code = code;
  }
}

/** One problem found while validating a configuration: where it is and what was expected. */
export interface ValidationIssue {
  /** JSON path of the offending value, e.g. `flags[3].rules[0].split.weights`. */
  path: string;
  /** What was wrong, e.g. `must sum to 10000, got 9000`. */
  message: string;
}

/**
 * A configuration (flags file, snapshot written to a store) was rejected as a whole.
 * The message lists every issue as `path: message`; `issues` holds them for programs.
 */
export class InvalidConfigError extends RampkitError {
  readonly issues: readonly ValidationIssue[];

  constructor(issues: readonly ValidationIssue[], source?: string) {
    const head = source ? `invalid configuration in ${source}` : 'invalid configuration';
    super('RAMPKIT_INVALID_CONFIG', formatIssues(head, issues));
    this.name = 'InvalidConfigError';
    this.issues = issues;
  }
}

/** A compare-and-set write lost the race: the stored version was not the one the writer expected. */
export class ConflictError extends RampkitError {
  readonly expectedVersion: number;
  readonly actualVersion: number;

  constructor(what: string, expectedVersion: number, actualVersion: number) {
    super(
      'RAMPKIT_CONFLICT',
      `${what}: write expected version ${expectedVersion} but the store holds version ${actualVersion}; nothing was changed`,
    );
    this.name = 'ConflictError';
    this.expectedVersion = expectedVersion;
    this.actualVersion = actualVersion;
  }
}

/** The store could not be reached or did not answer in time. */
export class StoreUnavailableError extends RampkitError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('RAMPKIT_STORE_UNAVAILABLE', message, options);
    this.name = 'StoreUnavailableError';
  }
}

/** A lease was lost, expired or superseded: its fencing token is no longer the current one. */
export class LeaseLostError extends RampkitError {
  constructor(message: string) {
    super('RAMPKIT_LEASE_LOST', message);
    this.name = 'LeaseLostError';
  }
}

/** True for any Rampkit error, also across copies of the package (matched by name and code). */
export function isRampkitError(value: unknown): value is RampkitError {
  if (value instanceof RampkitError) return true;
  return errorCode(value)?.startsWith('RAMPKIT_') === true;
}

export function isInvalidConfigError(value: unknown): value is InvalidConfigError {
  return isRampkitError(value) && value.code === 'RAMPKIT_INVALID_CONFIG';
}

export function isConflictError(value: unknown): value is ConflictError {
  return isRampkitError(value) && value.code === 'RAMPKIT_CONFLICT';
}

export function isLeaseLostError(value: unknown): value is LeaseLostError {
  return isRampkitError(value) && value.code === 'RAMPKIT_LEASE_LOST';
}

export function isStoreUnavailableError(value: unknown): value is StoreUnavailableError {
  return isRampkitError(value) && value.code === 'RAMPKIT_STORE_UNAVAILABLE';
}
