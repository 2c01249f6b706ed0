/**
 * A deep copy that no one can mutate: stored snapshots are handed to every reader, so a reader (or
 * the writer, still holding the object it passed in) must not be able to change what others see.
 */
export function frozenCopy<T>(value: T): T {
  return deepFreeze(structuredClone(value));
}

export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
  return value;
}
