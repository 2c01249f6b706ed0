import { resolveContextValue } from '../context.js';
import type { UnleashConstraint } from '../payload/types.js';
import { NEVER, type Predicate } from './predicate.js';

export type NumberOperator = 'NUM_EQ' | 'NUM_GT' | 'NUM_GTE' | 'NUM_LT' | 'NUM_LTE';

/**
 * NUM_*: `Number(context value)` against `Number(constraint.value)`, so `"12.0"` equals `12`; false
 * when either side is not a number. One deliberate departure from unleash-client-node: an empty
 * or blank string is not 0 but "not a number", as in Yggdrasil.
 */
export function numberCompare(constraint: UnleashConstraint, operator: NumberOperator): Predicate {
  const bound = toNumber(constraint.value);
  if (Number.isNaN(bound)) return NEVER;
  const name = constraint.contextName;
  return (context) => {
    const value = toNumber(resolveContextValue(context, name));
    if (Number.isNaN(value)) return false;
    switch (operator) {
      case 'NUM_EQ':
        return value === bound;
      case 'NUM_GT':
        return value > bound;
      case 'NUM_GTE':
        return value >= bound;
      case 'NUM_LT':
        return value < bound;
      case 'NUM_LTE':
        return value <= bound;
    }
  };
}

function toNumber(value: string | number | undefined): number {
  if (typeof value === 'number') return value;
  if (value === undefined || value.trim().length === 0) return Number.NaN;
  return Number(value);
}
