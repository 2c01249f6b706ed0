import type { RolloutPlan } from './types.js';

/**
 * An arm silent for longer than this is stale: one analysis interval, but never less than 30 s, the
 * least in which every instance has reported a closed 10 s window at the default flush interval.
 */
export function defaultStaleAfterMs(intervalMs: number): number {
  return Math.max(intervalMs, 30_000);
}

/** The plan's staleness limit; plans stored before it existed get the default. */
export function staleAfterOf(plan: RolloutPlan): number {
  return plan.analysis.staleAfterMs ?? defaultStaleAfterMs(plan.analysis.intervalMs);
}
