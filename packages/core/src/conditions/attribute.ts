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
  // Nearly every split buckets on `targetingKey`. Read by its name, V8 specialises the load to the
  // context's shape. Read by a variable name, it would share `readAttribute`'s one load site with
  // every attribute that rules test, which goes megamorphic as soon as they test a few, and then
  // costs a generic lookup on every evaluation.
  const value = name === 'targetingKey' ? ownTargetingKey(context) : readAttribute(context, name);
  if (typeof value === 'string') return value.length > 0 ? value : undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

const objectPrototype: { targetingKey?: unknown } = Object.prototype;

/**
 * `context.targetingKey` when it is the context's own. For a plain object, the usual context, a
 * value found is its own when Object.prototype has no `targetingKey`: V8 compiles both tests to
 * almost nothing, where `Object.hasOwn` is a lookup on every evaluation (some 80 instructions).
 * Other contexts (no prototype, a class instance) are asked `Object.hasOwn`. A Proxy is read through
 * its `get` trap first, and is believed when its prototype is Object.prototype.
 */
function ownTargetingKey(context: EvaluationContext): ContextValue | undefined {
  const value = context.targetingKey;
  if (value === undefined) return undefined;
  if (Object.getPrototypeOf(context) === objectPrototype && objectPrototype.targetingKey === undefined) {
    return value;
  }
  return Object.hasOwn(context, 'targetingKey') ? value : undefined;
}
