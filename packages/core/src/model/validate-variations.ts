import { childPath, describeValue, type Issues, isRecord, type RecordValue } from '../validation/index.js';
import type { FlagType } from './types.js';
import { checkJsonValue } from './validate-json.js';
import { FLAG_TYPES } from './validate-keys.js';

/** A flag's variation names, or undefined when `variations` is not a non-empty object. */
export function variationNames(variations: unknown): Set<string> | undefined {
  if (!isRecord(variations)) return undefined;
  const names = Object.keys(variations);
  return names.length === 0 ? undefined : new Set(names);
}

/**
 * Checks `variations` and `type`: every value must be of the flag's type, which is inferred when
 * absent (all booleans, all strings or all finite numbers) and must be `json` for anything else.
 */
export function checkVariations(flag: RecordValue, path: string, issues: Issues): void {
  const variationsPath = childPath(path, 'variations');
  const typePath = childPath(path, 'type');
  const variations = Object.hasOwn(flag, 'variations') ? flag.variations : undefined;
  if (!isRecord(variations)) {
    issues.push({
      path: variationsPath,
      message: `must be an object of named values, got ${describeValue(variations)}`,
    });
    return;
  }
  const names = Object.keys(variations);
  if (names.length === 0) {
    issues.push({ path: variationsPath, message: 'must name at least one variation' });
    return;
  }

  let type: FlagType | undefined;
  const declared = Object.hasOwn(flag, 'type') ? flag.type : undefined;
  if (declared === undefined) {
    type = inferType(names.map((name) => variations[name]));
    if (type === undefined) {
      issues.push({
        path: typePath,
        message:
          'is required ("json") when the variations are not all booleans, all strings or all finite numbers',
      });
    }
  } else if (isFlagType(declared)) {
    type = declared;
  } else {
    issues.push({
      path: typePath,
      message: `must be one of ${FLAG_TYPES.join(', ')}, got ${describeValue(declared)}`,
    });
  }

  for (const name of names) {
    const valuePath = childPath(variationsPath, name);
    if (name.length === 0) issues.push({ path: valuePath, message: 'a variation name must not be empty' });
    const value = variations[name];
    if (type === 'json') checkJsonValue(value, valuePath, issues);
    else if (type !== undefined && !hasType(value, type)) {
      issues.push({
        path: valuePath,
        message: `must be a ${typeName(type)} like the flag's type, got ${describeValue(value)}`,
      });
    }
  }
}

function inferType(values: readonly unknown[]): FlagType | undefined {
  if (values.every((value) => typeof value === 'boolean')) return 'boolean';
  if (values.every((value) => typeof value === 'string')) return 'string';
  if (values.every((value) => typeof value === 'number' && Number.isFinite(value))) return 'number';
  return undefined;
}

function hasType(value: unknown, type: Exclude<FlagType, 'json'>): boolean {
  if (type === 'number') return typeof value === 'number' && Number.isFinite(value);
  return typeof value === type;
}

function typeName(type: Exclude<FlagType, 'json'>): string {
  return type === 'number' ? 'finite number' : type;
}

function isFlagType(value: unknown): value is FlagType {
  return typeof value === 'string' && (FLAG_TYPES as readonly string[]).includes(value);
}
