import { isRampkitError, RampkitError, type ValidationIssue } from '@rampkit/core';
import { formatIssues } from '@rampkit/core/validation';

/** The stable codes of this package's errors. */
export type ExperimentsErrorCode = 'RAMPKIT_INVALID_EXPERIMENT' | 'RAMPKIT_INVALID_STATISTICS';

/**
 * An experiment definition was refused as a whole. The message lists every issue as `path: message`
 * (`metrics[2].cap.percentile: must be a number above 0 and below 100, got 120`); `issues` holds them.
 */
export class InvalidExperimentError extends RampkitError {
  readonly issues: readonly ValidationIssue[];

  constructor(issues: readonly ValidationIssue[], source?: string) {
    super(
      'RAMPKIT_INVALID_EXPERIMENT',
      formatIssues(source ? `invalid experiment in ${source}` : 'invalid experiment', issues),
    );
    this.name = 'InvalidExperimentError';
    this.issues = issues;
  }
}

/**
 * Sufficient statistics that do not fit the experiment or cannot come from real data (a negative
 * count, Σy² below (Σy)²/n, a metric capped at another value than the definition's). Paths look like
 * `arms.treatment.metrics.revenue.sumSquares`.
 */
export class InvalidStatisticsError extends RampkitError {
  readonly issues: readonly ValidationIssue[];

  constructor(issues: readonly ValidationIssue[]) {
    super('RAMPKIT_INVALID_STATISTICS', formatIssues('invalid sufficient statistics', issues));
    this.name = 'InvalidStatisticsError';
    this.issues = issues;
  }
}

/** True for an `InvalidExperimentError`, also across copies of the package (matched by code). */
export function isInvalidExperimentError(value: unknown): value is InvalidExperimentError {
  return hasCode(value, 'RAMPKIT_INVALID_EXPERIMENT');
}

/** True for an `InvalidStatisticsError`, also across copies of the package (matched by code). */
export function isInvalidStatisticsError(value: unknown): value is InvalidStatisticsError {
  return hasCode(value, 'RAMPKIT_INVALID_STATISTICS');
}

function hasCode(value: unknown, code: ExperimentsErrorCode): boolean {
  return isRampkitError(value) && value.code === code;
}
