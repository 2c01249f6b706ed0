import type { FlagDefinition } from './types.js';

/**
 * Whether the middleware records a flag's outcomes (requests, errors and latency per variation),
 * which is what a rollout's analysis reads: the flag's `track`, and without one, true for a canary.
 * Compiling a flag and the rollout controller's split writer both ask this, so the two cannot
 * disagree (fixtures/tracked.json lists every combination).
 */
export function isTrackedFlag(flag: Pick<FlagDefinition, 'track' | 'kind'>): boolean {
  return flag.track ?? flag.kind === 'canary';
}
