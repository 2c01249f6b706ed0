import type { FlagType, JsonValue } from '../model/types.js';

/**
 * The type of a flag that does not declare one, by the validator's rule: all booleans → boolean,
 * all strings → string, all finite numbers → number, anything else (objects, arrays, null, a mix) → json.
 */
export function inferFlagType(values: readonly JsonValue[]): FlagType {
  if (values.length === 0) return 'json';
  if (values.every((value) => typeof value === 'boolean')) return 'boolean';
  if (values.every((value) => typeof value === 'string')) return 'string';
  if (values.every((value) => typeof value === 'number' && Number.isFinite(value))) return 'number';
  return 'json';
}
