import type { JsonValue } from '../model/types.js';

/**
 * A deep copy of `value` with every object and array frozen. Evaluation hands variation values to
 * callers; the copy keeps a caller from changing the configuration through them, and leaves the
 * caller's own configuration objects untouched (not frozen).
 */
export function frozenJsonCopy(value: JsonValue): JsonValue {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const items = value.map(frozenJsonCopy);
    Object.freeze(items);
    return items;
  }
  const copy: { [key: string]: JsonValue } = {};
  for (const key of Object.keys(value)) {
    const item = value[key];
    // Defining the property keeps a `__proto__` key an own data property instead of a prototype change.
    if (item !== undefined) {
      Object.defineProperty(copy, key, { value: frozenJsonCopy(item), enumerable: true });
    }
  }
  Object.freeze(copy);
  return copy;
}
