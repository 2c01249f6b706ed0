import { InvalidConfigError, type ValidationIssue } from '../errors/errors.js';
import { validateConfig } from './validate.js';

/* Helpers shared by the validate*.test.ts files: small valid flags to break one thing at a time. */

/** A valid boolean flag `f`, with `overrides` applied. */
export function flag(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    key: 'f',
    variations: { on: true, off: false },
    offVariation: 'off',
    fallthrough: { variation: 'on' },
    ...overrides,
  };
}

/** The issues validateConfig reports for `input` (none when it accepts it). */
export function issuesOf(input: unknown): ValidationIssue[] {
  try {
    validateConfig(input);
  } catch (error) {
    if (error instanceof InvalidConfigError) return [...error.issues];
    throw error;
  }
  return [];
}

export function pathsOf(input: unknown): string[] {
  return issuesOf(input).map((issue) => issue.path);
}

/** The one issue a configuration of the given flags has; anything but exactly one is a failure. */
export function onlyIssue(...flags: unknown[]): ValidationIssue {
  const issues = issuesOf({ flags });
  const [issue] = issues;
  if (issues.length !== 1 || issue === undefined) {
    throw new Error(`expected exactly one issue, got ${JSON.stringify(issues, null, 2)}`);
  }
  return issue;
}
