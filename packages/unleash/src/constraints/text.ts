import { resolveContextValue } from '../context.js';
import type { UnleashConstraint } from '../payload/types.js';
import type { Predicate } from './predicate.js';

/** Operand lists drop empty entries and trim the rest (unleash-client-node's `cleanValues`). */
export function cleanValues(values: readonly string[] | undefined): string[] {
  return (values ?? []).filter((value) => value.length > 0).map((value) => value.trim());
}

/**
 * IN / NOT_IN: exact string equality with any operand (case-folded when `caseInsensitive`, as the
 * server and Yggdrasil do). A missing context value is in no list, so NOT_IN holds for it.
 */
export function inList(constraint: UnleashConstraint, negate: boolean): Predicate {
  const fold = constraint.caseInsensitive === true ? lower : same;
  const set = new Set(cleanValues(constraint.values).map(fold));
  const name = constraint.contextName;
  return (context) => {
    const value = resolveContextValue(context, name);
    return (value !== undefined && set.has(fold(value))) !== negate;
  };
}

/** STR_STARTS_WITH / STR_ENDS_WITH / STR_CONTAINS: any operand matches; false when the value is missing. */
export function stringMatch(
  constraint: UnleashConstraint,
  holds: (text: string, operand: string) => boolean,
): Predicate {
  const fold = constraint.caseInsensitive === true ? localeLower : same;
  const operands = cleanValues(constraint.values).map(fold);
  const name = constraint.contextName;
  return (context) => {
    const value = resolveContextValue(context, name);
    if (value === undefined) return false;
    const text = fold(value);
    return operands.some((operand) => holds(text, operand));
  };
}

function same(text: string): string {
  return text;
}

function lower(text: string): string {
  return text.toLowerCase();
}

function localeLower(text: string): string {
  return text.toLocaleLowerCase();
}
