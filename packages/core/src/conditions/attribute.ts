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
  // Read by its own name, the load of `targetingKey` (nearly every split's unit) stays monomorphic
  // instead of sharing `readAttribute`'s megamorphic one (bench/http/README.md).
  const value = name === 'targetingKey' ? ownTargetingKey(context) : readAttribute(context, name);
  if (typeof value === 'string') return value.length > 0 ? value : undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

const objectPrototype: { targetingKey?: unknown } = Object.prototype;

/**
 * `context.targetingKey` when it is the context's own. For a plain object, the usual context, a
 * value found is its own when Object.prototype has no `targetingKey`, two tests cheaper than
 * `Object.hasOwn` on every evaluation (bench/http/README.md). Other contexts (no prototype, a class
 * instance) are asked `Object.hasOwn`. A Proxy is read through its `get` trap first, and is believed
 * when its prototype is Object.prototype.
 */
function ownTargetingKey(context: EvaluationContext): ContextValue | undefined {
  const value = context.targetingKey;
  if (value === undefined) return undefined;
  if (Object.getPrototypeOf(context) === objectPrototype && objectPrototype.targetingKey === undefined) {
    return value;
  }
  return Object.hasOwn(context, 'targetingKey') ? value : undefined;
}
