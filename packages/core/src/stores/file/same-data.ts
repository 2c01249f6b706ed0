import type { Steps } from '../../internal/time-slice.js';

/**
 * Whether two configurations hold the same data, whatever the order of their keys: how FileStore
 * tells an edit from a reformatting. Yields between the members of the top level's members (between
 * flags), so that comparing two large configurations never holds the event loop for long. Both
 * are plain JSON data (validated).
 */
export function* sameDataSteps(a: unknown, b: unknown): Steps<boolean> {
  if (!isContainer(a) || !isContainer(b)) return a === b;
  if (!sameShape(a, b)) return false;
  for (const key of Object.keys(a)) {
    const left = (a as Record<string, unknown>)[key];
    const right = (b as Record<string, unknown>)[key];
    if (!isContainer(left) || !isContainer(right)) {
      if (left !== right) return false;
      continue;
    }
    if (!sameShape(left, right)) return false;
    for (const childKey of Object.keys(left)) {
      yield;
      if (
        !sameData((left as Record<string, unknown>)[childKey], (right as Record<string, unknown>)[childKey])
      ) {
        return false;
      }
    }
  }
  return true;
}

function sameData(a: unknown, b: unknown): boolean {
  if (!isContainer(a) || !isContainer(b)) return a === b;
  if (!sameShape(a, b)) return false;
  for (const key of Object.keys(a)) {
    if (!sameData((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  return true;
}

/** Both arrays of one length, or both objects with the same keys (in any order). */
function sameShape(a: object, b: object): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length;
  }
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.hasOwn(b, key));
}

function isContainer(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}
