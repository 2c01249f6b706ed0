import type { FlagDefinition } from '../model/types.js';
import type { EvaluationResult } from './result.js';

/** A flag's metadata as results carry it. */
export type SharedMetadata = NonNullable<EvaluationResult['flagMetadata']>;

/**
 * A frozen copy of a flag's `metadata`, made once at compile time and put on every result of the
 * flag: one shared object keeps evaluation allocation-free, and the copy keeps a caller from
 * changing the configuration through a result while leaving the caller's own objects unfrozen.
 * Undefined for no metadata or an empty object, so that results then have no `flagMetadata`.
 */
export function frozenMetadata(metadata: FlagDefinition['metadata']): SharedMetadata | undefined {
  if (metadata === undefined) return undefined;
  const keys = Object.keys(metadata);
  if (keys.length === 0) return undefined;
  const copy: Record<string, string | number | boolean> = {};
  for (const key of keys) {
    const value = metadata[key];
    // Defining the property keeps a `__proto__` key an own data property instead of a prototype change.
    if (value !== undefined) Object.defineProperty(copy, key, { value, enumerable: true });
  }
  return Object.freeze(copy);
}
