import type { UnleashContext } from '../context.js';

/** A compiled constraint or strategy check: true when the context satisfies it. Never throws. */
export type Predicate = (context: UnleashContext) => boolean;

export const ALWAYS: Predicate = () => true;
export const NEVER: Predicate = () => false;

/** All must hold; the common cases (none, one) cost no extra call. */
export function allOf(predicates: readonly Predicate[]): Predicate {
  if (predicates.length === 0) return ALWAYS;
  if (predicates.length === 1) return predicates[0]!;
  if (predicates.includes(NEVER)) return NEVER;
  return (context) => {
    for (const predicate of predicates) if (!predicate(context)) return false;
    return true;
  };
}
