import { RampkitError } from '@rampkit/core';
import { describe, expect, it } from 'vitest';
import {
  FrozenError,
  InvalidPlanError,
  InvalidTransitionError,
  isFrozenError,
  isInvalidPlanError,
  isInvalidTransitionError,
  isRolloutActiveError,
  isRolloutNotFoundError,
  RolloutActiveError,
  RolloutNotFoundError,
} from './errors.js';

describe('each error has a guard that matches it by code, also from another copy of the package', () => {
  const freeze = { from: 0, to: 1, reason: 'quarter close' };
  const cases = [
    [isInvalidPlanError, new InvalidPlanError([{ path: 'flag', message: 'is required' }])],
    [isRolloutNotFoundError, new RolloutNotFoundError('r')],
    [isRolloutActiveError, new RolloutActiveError('r', 'flag f is driven by r')],
    [isInvalidTransitionError, new InvalidTransitionError('r', 'nothing to approve')],
    [isFrozenError, new FrozenError('promotion', freeze)],
  ] as const;

  it.each(cases)('%o knows its error and no other', (guard, error) => {
    expect(guard(error)).toBe(true);
    // What another copy of the package (ESM beside CJS) throws: the same code on another class.
    expect(guard(new RampkitError(error.code, error.message))).toBe(true);
    for (const [, other] of cases) if (other !== error) expect(guard(other)).toBe(false);
    expect(guard(new Error(error.message))).toBe(false);
  });
});
