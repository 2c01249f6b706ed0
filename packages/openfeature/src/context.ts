import type { EvaluationContext, EvaluationContextValue } from '@openfeature/server-sdk';
import type { ContextValue, EvaluationContext as RampkitContext } from '@rampkit/core';

/** Nesting deeper than this is not flattened further: a context is data, not a graph to walk. */
const MAX_DEPTH = 8;

/**
 * OpenFeature's context as a Rampkit context: `targetingKey` stays the unit id; strings, numbers,
 * booleans and Dates pass as they are; `null` and `undefined` mean absent; lists keep their
 * strings, numbers and booleans as text; nested objects are flattened with dots
 * (`{ user: { plan: 'pro' } }` → `user.plan`), so that conditions can name them.
 */
export function toRampkitContext(context: EvaluationContext): RampkitContext {
  const out: RampkitContext = {};
  flatten(context, '', 0, out);
  return out;
}

function flatten(
  record: Record<string, EvaluationContextValue>,
  prefix: string,
  depth: number,
  out: RampkitContext,
): void {
  for (const key of Object.keys(record)) {
    // An attribute may not be named after the prototype slot: assigning it would change `out`'s prototype.
    if (key === '__proto__') continue;
    const name = prefix + key;
    const value = record[key];
    const converted = toContextValue(value);
    if (converted !== undefined) {
      out[name] = converted;
    } else if (isRecord(value) && depth < MAX_DEPTH) {
      flatten(value, `${name}.`, depth + 1, out);
    }
  }
}

function toContextValue(value: EvaluationContextValue | undefined): ContextValue | undefined {
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isNaN(value) ? undefined : value;
  if (value instanceof Date) return value;
  if (Array.isArray(value)) {
    const items: string[] = [];
    for (const item of value) {
      if (typeof item === 'string') items.push(item);
      else if (typeof item === 'number' && Number.isFinite(item)) items.push(String(item));
      else if (typeof item === 'boolean') items.push(item ? 'true' : 'false');
    }
    return items;
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, EvaluationContextValue> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}
