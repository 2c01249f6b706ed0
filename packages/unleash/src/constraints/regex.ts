import { RE2JS } from 're2js';
import { resolveContextValue } from '../context.js';
import type { UnleashConstraint } from '../payload/types.js';
import type { Predicate } from './predicate.js';

/** Patterns longer than this are refused, as Unleash's server refuses them at validation. */
const MAX_PATTERN_LENGTH = 4096;

/**
 * REGEX: an unanchored search of the context value, with RE2 syntax and semantics (re2js, the
 * engine Unleash's own server uses for this operator; Yggdrasil's Rust `regex` crate accepts the
 * same syntax). So POSIX classes (`[[:alpha:]]`) and inline flags (`(?i)`, `(?m)`, `(?s)`) work,
 * backreferences and lookaround are syntax errors, and matching takes time linear in the input
 * whatever the pattern: no hostile pattern can backtrack catastrophically.
 * A pattern that does not compile makes the constraint false whatever `inverted` says: a broken
 * rule must never switch a feature on.
 */
export function regexMatch(constraint: UnleashConstraint): Predicate | undefined {
  const pattern = constraint.value;
  if (typeof pattern !== 'string' || pattern.length > MAX_PATTERN_LENGTH) return undefined;
  let regex: RE2JS;
  try {
    regex = RE2JS.compile(pattern, constraint.caseInsensitive === true ? RE2JS.CASE_INSENSITIVE : 0);
  } catch {
    return undefined;
  }
  const name = constraint.contextName;
  return (context) => {
    const value = resolveContextValue(context, name);
    return value !== undefined && regex.test(value);
  };
}
