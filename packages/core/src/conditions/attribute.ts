import type { ContextValue, EvaluationContext } from '../model/types.js';

/**
 * Reads one context attribute as an own property only: `__proto__`, `constructor` and friends are
 * ordinary (absent) names here, never the prototype's members. Never throws, whatever the context.
 */
export function readAttribute(context: EvaluationContext, name: string): ContextValue | undefined {
  return Object.hasOwn(context, name) ? context[name] : undefined;
}

/**
 * The unit id a split buckets on: strings as they are, finite numbers in their decimal form; any
 * other value (absent, empty, NaN, list, object) means "no unit".
 */
export function readUnit(context: EvaluationContext, name: string): string | undefined {
  const value = readAttribute(context, name);
  if (typeof value === 'string') return value.length > 0 ? value : undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}
