import type { EvaluationContext } from '../model/types.js';

/** A compiled test of a context: a condition, a segment membership. Never throws. */
export type ContextMatcher = (context: EvaluationContext) => boolean;

/** True when every matcher holds (and for none): conditions and segments of a rule are a conjunction. */
export function allHold(matchers: readonly ContextMatcher[], context: EvaluationContext): boolean {
  for (let i = 0; i < matchers.length; i++) {
    if (!matchers[i]!(context)) return false;
  }
  return true;
}
