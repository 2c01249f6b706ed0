import { childPath, describe, type Issues, indexPath } from './validate-shape.js';

/** Deeper than any sensible flag value; the limit also keeps recursion off the edge of the stack. */
export const MAX_JSON_DEPTH = 64;

/**
 * Checks that a variation value is JSON: what a flags file or a store round-trips unchanged.
 * Linear in the size of the value: an object met twice (shared, not cyclic) is checked once.
 */
export function checkJsonValue(value: unknown, path: string, issues: Issues): void {
  const done = new Set<object>();
  const open = new Set<object>();

  const visit = (item: unknown, itemPath: string, depth: number): void => {
    if (item === null || typeof item === 'string' || typeof item === 'boolean') return;
    if (typeof item === 'number') {
      if (!Number.isFinite(item))
        issues.push({ path: itemPath, message: `must be a finite number, got ${item}` });
      return;
    }
    if (typeof item !== 'object') {
      issues.push({ path: itemPath, message: `must be a JSON value, got ${describe(item)}` });
      return;
    }
    if (done.has(item)) return;
    if (open.has(item)) {
      issues.push({ path: itemPath, message: 'contains itself (a cycle), which JSON cannot hold' });
      return;
    }
    if (depth >= MAX_JSON_DEPTH) {
      issues.push({ path: itemPath, message: `nests deeper than ${MAX_JSON_DEPTH} levels` });
      return;
    }
    if (!Array.isArray(item) && !isPlainObject(item)) {
      issues.push({ path: itemPath, message: 'must be a plain object, an array or a primitive JSON value' });
      return;
    }
    open.add(item);
    if (Array.isArray(item)) {
      for (let i = 0; i < item.length; i++) visit(item[i], indexPath(itemPath, i), depth + 1);
    } else {
      for (const key of Object.keys(item)) {
        visit((item as Record<string, unknown>)[key], childPath(itemPath, key), depth + 1);
      }
    }
    open.delete(item);
    done.add(item);
  };

  visit(value, path, 0);
}

function isPlainObject(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
