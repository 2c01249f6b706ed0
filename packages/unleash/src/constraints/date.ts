import type { UnleashConstraint } from '../payload/types.js';
import { NEVER, type Predicate } from './predicate.js';

/**
 * DATE_AFTER / DATE_BEFORE: the context's `currentTime` (now when absent) strictly after / before
 * the constraint's instant. Offsets in either are honoured. As in every Unleash SDK the
 * constraint's `contextName` is not read: dates always compare `currentTime`.
 */
export function dateCompare(
  constraint: UnleashConstraint,
  operator: 'DATE_AFTER' | 'DATE_BEFORE',
  now: () => number,
): Predicate {
  const bound = instant(constraint.value);
  if (Number.isNaN(bound)) return NEVER;
  return (context) => {
    const raw = Object.hasOwn(context, 'currentTime') ? context.currentTime : undefined;
    const current = raw === undefined || raw === null || raw === '' ? now() : instant(raw);
    if (Number.isNaN(current)) return false;
    return operator === 'DATE_AFTER' ? current > bound : current < bound;
  };
}

function instant(value: unknown): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'string' || typeof value === 'number') return new Date(value).getTime();
  return Number.NaN;
}
