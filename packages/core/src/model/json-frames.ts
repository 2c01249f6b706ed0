import { childPath, indexPath } from '../validation/index.js';

/*
 * The open objects and arrays of the JSON scanner (json-scanner.ts): the property names each
 * object has had, to find one given twice, and the containers of the top two levels, which the
 * scanner assembles from parsed pieces.
 */

/** Objects with more property names than this look them up in a Map rather than a list. */
const LIST_KEYS = 16;

/** An object or array being read. */
export interface Frame {
  isObject: boolean;
  /** The container being assembled (the top two levels only). */
  built: Record<string, unknown> | unknown[] | undefined;
  /** Property names read so far and where in the text each was first given (objects). */
  names: string[];
  positions: number[];
  byName: Map<string, number> | undefined;
  /** The current property name (objects) or element index (arrays). */
  key: string;
  index: number;
}

/**
 * Opens a container at `depth`, reusing the frame left there by the last one (the scanner opens
 * hundreds of thousands in a large file).
 */
export function openFrame(frames: Frame[], depth: number, isObject: boolean, assembled: boolean): void {
  let frame = frames[depth];
  if (frame === undefined) {
    frame = { isObject, built: undefined, names: [], positions: [], byName: undefined, key: '', index: 0 };
    frames.push(frame);
  }
  frame.isObject = isObject;
  frame.built = assembled ? (isObject ? {} : []) : undefined;
  frame.names.length = 0;
  frame.positions.length = 0;
  frame.byName = undefined;
  frame.key = '';
  frame.index = 0;
}

/**
 * Records that the object of `frame` has a property `name` given at `position` in the text;
 * returns where it was given first when it was given before.
 */
export function rememberName(frame: Frame, name: string, position: number): number | undefined {
  if (frame.byName !== undefined) {
    const first = frame.byName.get(name);
    if (first === undefined) frame.byName.set(name, position);
    return first;
  }
  const at = frame.names.indexOf(name);
  if (at !== -1) return frame.positions[at];
  frame.names.push(name);
  frame.positions.push(position);
  if (frame.names.length > LIST_KEYS) {
    frame.byName = new Map(frame.names.map((known, i) => [known, frame.positions[i] as number]));
  }
  return undefined;
}

/** The path of the container open at `depth` (0: the root, whose path is empty). */
export function pathOf(frames: readonly Frame[], depth: number): string {
  let path = '';
  for (let d = 0; d < depth; d++) {
    const frame = frames[d] as Frame;
    path = frame.isObject ? childPath(path, frame.key) : indexPath(path, frame.index);
  }
  return path;
}

/** Puts a finished value into an assembled container, under the frame's current key. */
export function put(frame: Frame, value: unknown): void {
  const built = frame.built;
  if (Array.isArray(built)) built.push(value);
  else if (built !== undefined) {
    // Defined, not assigned: a "__proto__" name is an own property, as JSON.parse makes it.
    Object.defineProperty(built, frame.key, { value, enumerable: true, writable: true, configurable: true });
  }
}
