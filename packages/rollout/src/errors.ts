import { isRampkitError, RampkitError, type ValidationIssue } from '@rampkit/core';
import { formatIssues } from '@rampkit/core/validation';

/** The codes of @rampkit/rollout's errors. */
export type RolloutErrorCode =
  | 'RAMPKIT_INVALID_PLAN'
  | 'RAMPKIT_ROLLOUT_NOT_FOUND'
  | 'RAMPKIT_ROLLOUT_ACTIVE'
  | 'RAMPKIT_INVALID_TRANSITION'
  | 'RAMPKIT_FROZEN';

/**
 * A plan was refused as a whole: its shape is wrong, or it does not fit the flag it names. Nothing
 * was changed. The message lists every issue as `path: message`; `issues` holds them for programs.
 */
export class InvalidPlanError extends RampkitError {
  readonly issues: readonly ValidationIssue[];

  constructor(issues: readonly ValidationIssue[], source?: string) {
    const head = source ? `invalid rollout plan in ${source}` : 'invalid rollout plan';
    super('RAMPKIT_INVALID_PLAN', formatIssues(head, issues));
    this.name = 'InvalidPlanError';
    this.issues = issues;
  }
}

/** No rollout with that id is stored. */
export class RolloutNotFoundError extends RampkitError {
  readonly rolloutId: string;

  constructor(rolloutId: string) {
    super('RAMPKIT_ROLLOUT_NOT_FOUND', `rollout ${JSON.stringify(rolloutId)} does not exist`);
    this.name = 'RolloutNotFoundError';
    this.rolloutId = rolloutId;
  }
}

/** Another rollout already drives the flag, or the rollout id is taken. */
export class RolloutActiveError extends RampkitError {
  readonly rolloutId: string;

  constructor(rolloutId: string, message: string) {
    super('RAMPKIT_ROLLOUT_ACTIVE', message);
    this.name = 'RolloutActiveError';
    this.rolloutId = rolloutId;
  }
}

/** The operation does not apply to the rollout in its current state (e.g. approve with nothing to approve). */
export class InvalidTransitionError extends RampkitError {
  readonly rolloutId: string;

  constructor(rolloutId: string, message: string) {
    super('RAMPKIT_INVALID_TRANSITION', `rollout ${rolloutId}: ${message}`);
    this.name = 'InvalidTransitionError';
    this.rolloutId = rolloutId;
  }
}

/** A change freeze is in force: starting, promoting or retrying is refused unless forced. */
export class FrozenError extends RampkitError {
  /** The freeze in force, as the plan or the controller declared it. */
  readonly freeze: { from: number; to: number; reason: string };

  constructor(what: string, freeze: { from: number; to: number; reason: string }) {
    const range = `${new Date(freeze.from).toISOString()} to ${new Date(freeze.to).toISOString()}`;
    super(
      'RAMPKIT_FROZEN',
      `${what} refused: change freeze "${freeze.reason}" is in force from ${range}; pass { force: true } to override`,
    );
    this.name = 'FrozenError';
    this.freeze = freeze;
  }
}

// Guards match by code, so they hold across copies of the package (ESM and CJS side by side).

export function isInvalidPlanError(value: unknown): value is InvalidPlanError {
  return hasCode(value, 'RAMPKIT_INVALID_PLAN');
}

export function isRolloutNotFoundError(value: unknown): value is RolloutNotFoundError {
  return hasCode(value, 'RAMPKIT_ROLLOUT_NOT_FOUND');
}

export function isRolloutActiveError(value: unknown): value is RolloutActiveError {
  return hasCode(value, 'RAMPKIT_ROLLOUT_ACTIVE');
}

export function isInvalidTransitionError(value: unknown): value is InvalidTransitionError {
  return hasCode(value, 'RAMPKIT_INVALID_TRANSITION');
}

export function isFrozenError(value: unknown): value is FrozenError {
  return hasCode(value, 'RAMPKIT_FROZEN');
}

function hasCode(value: unknown, code: RolloutErrorCode): boolean {
  return isRampkitError(value) && value.code === code;
}
