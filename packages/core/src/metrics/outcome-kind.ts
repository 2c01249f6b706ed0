import type { Outcome } from './types.js';

/**
 * What an outcome counts as: a success, an error, or aborted (the client went away and it was not an
 * error: counted apart, without latency).
 */
export type OutcomeKind = 0 | 1 | 2;
export const SUCCESS: OutcomeKind = 0;
export const ERROR: OutcomeKind = 1;
export const ABORTED: OutcomeKind = 2;

/** An error counts as an error even if the client also went away. */
export function kindOf(outcome: Outcome): OutcomeKind {
  if (outcome.error === true) return ERROR;
  return outcome.aborted === true ? ABORTED : SUCCESS;
}

/** The outcome's latency in milliseconds, NaN when it gives none. */
export function latencyOf(outcome: Outcome): number {
  const latencyMs = outcome.latencyMs;
  return typeof latencyMs === 'number' ? latencyMs : Number.NaN;
}
