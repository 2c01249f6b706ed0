import { childPath, type Issues, indexPath } from '../validation/index.js';

/** Deeper than any sensible flag value. */
export const MAX_JSON_DEPTH = 64;

/**
 * Checks that a variation value nests at most MAX_JSON_DEPTH levels, naming the first container
 * found below that. That it is JSON data at all is checked before, for the whole configuration
 * (plain-data.ts), so this meets only plain objects, arrays and primitives, and no cycle; a value
 * shared by several others is measured once.
 */
export function checkJsonValue(value: unknown, path: string, issues: Issues): void {
  const heights = new Map<object, number>();
  /** Levels of containers from `item` down (0 for a primitive), counted up to one past the limit. */
  const heightOf = (item: unknown): number => {
    if (typeof item !== 'object' || item === null) return 0;
    const known = heights.get(item);
    if (known !== undefined) return known;
    let below = 0;
    for (const child of Array.isArray(item) ? item : Object.values(item)) {
      below = Math.max(below, heightOf(child));
      if (below >= MAX_JSON_DEPTH) break;
    }
    heights.set(item, below + 1);
    return below + 1;
  };
  if (heightOf(value) <= MAX_JSON_DEPTH) return;

  // Down the first branch that is too deep, to the container at depth MAX_JSON_DEPTH.
  let item = value as Record<string, unknown> | unknown[];
  let at = path;
  for (let depth = 0; depth < MAX_JSON_DEPTH; depth++) {
    const need = MAX_JSON_DEPTH - depth;
    if (Array.isArray(item)) {
      const index = item.findIndex((child) => heightOf(child) >= need);
      at = indexPath(at, index);
      item = item[index] as Record<string, unknown> | unknown[];
    } else {
      const record: Record<string, unknown> = item;
      const key = Object.keys(record).find((name) => heightOf(record[name]) >= need) as string;
      at = childPath(at, key);
      item = record[key] as Record<string, unknown> | unknown[];
    }
  }
  issues.push({ path: at, message: `nests deeper than ${MAX_JSON_DEPTH} levels` });
}
