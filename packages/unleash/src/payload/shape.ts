import {
  checkEach,
  childPath,
  describeValue,
  expectArray,
  get,
  type Issues,
  type RecordValue,
} from '@rampkit/core/validation';

/**
 * What reading Unleash payloads adds to core's shape checks (`@rampkit/core/validation`): Unleash
 * serialises absent optional fields as `null` as often as it omits them, so here null is absent.
 */

export function optionalField(record: RecordValue, name: string): unknown {
  const value = get(record, name);
  return value === null ? undefined : value;
}

/** Checks each element of an optional array with `check`; absent and null pass. */
export function optionalList(
  record: RecordValue,
  name: string,
  path: string,
  issues: Issues,
  check: (item: unknown, itemPath: string, issues: Issues) => void,
): void {
  const value = optionalField(record, name);
  const at = childPath(path, name);
  if (value === undefined || !expectArray(value, at, issues)) return;
  checkEach(value, at, issues, check);
}

/** Checks that an optional field, when present, has one of the `types`. */
export function optionalOf(
  record: RecordValue,
  name: string,
  path: string,
  issues: Issues,
  types: ReadonlyArray<'string' | 'number' | 'boolean'>,
): void {
  const value = optionalField(record, name);
  if (value === undefined || (types as readonly string[]).includes(typeof value)) return;
  issues.push({
    path: childPath(path, name),
    message: `must be a ${types.join(' or ')}, got ${describeValue(value)}`,
  });
}
