import type { Steps } from '../internal/time-slice.js';
import { childPath, type Issues, indexPath } from '../validation/index.js';

/**
 * Deeper than any configuration needs (a JSON variation value may nest 64 levels below its flag,
 * itself four below the top); the limit also keeps recursion off the edge of the stack.
 */
export const MAX_DATA_DEPTH = 100;

/**
 * The most values (objects, arrays and primitives) a configuration may hold as JSON writes it: an
 * object referred to twice is written twice, so a few shared objects could otherwise stand for a
 * text no store can write (60 levels of doubling are 2^60 values). A 50,000-flag configuration
 * holds about 1,250,000.
 */
export const MAX_DATA_VALUES = 10_000_000;

type Key = string | number | symbol;

/** A member that is not a data property: reported, not visited. */
const NOT_DATA = Symbol('not data');

const NATIVE_OBJECT = Function.prototype.toString.call(Object);
const NATIVE_ARRAY = Function.prototype.toString.call(Array);

/**
 * Checks that `input` is plain JSON data: what a flags file, `structuredClone` and every store
 * round-trip unchanged. Primitives are strings, booleans, null and finite numbers other than -0;
 * containers are arrays and objects whose prototype is the plain one (of any realm) or null, whose
 * own properties are enumerable data properties keyed by strings, arrays without holes or named
 * properties; no cycles, at most MAX_DATA_DEPTH levels and MAX_DATA_VALUES values. Every problem
 * is pushed to `issues` with its path. Reads own property descriptors only, so no getter runs.
 *
 * Yields between the members of the top level's members (between flags, between segments).
 */
export function* plainDataSteps(input: unknown, issues: Issues, options: PlainDataOptions = {}): Steps<void> {
  yield* new PlainDataCheck(issues, options).steps(input);
}

export interface PlainDataOptions {
  /**
   * The input is what `JSON.parse` just made (a flags file read by core): plain objects and arrays
   * of data properties by construction, so only -0, the depth and the count are checked, reading
   * values directly rather than through property descriptors (which a large file would allocate
   * by the hundred thousand). @default false
   */
  parsedJson?: boolean;
  /** The most values as JSON writes them (tests use a small one). @default MAX_DATA_VALUES */
  maxValues?: number;
}

class PlainDataCheck {
  readonly #issues: Issues;
  /** The keys from the top down to the value being checked, to name it only when it has a problem. */
  readonly #path: Key[] = [];
  /** The containers from the top down to the value being checked: meeting one again is a cycle. */
  readonly #open: object[] = [];
  readonly #maxValues: number;
  readonly #parsedJson: boolean;
  #values = 0;

  constructor(issues: Issues, options: PlainDataOptions) {
    this.#issues = issues;
    this.#maxValues = options.maxValues ?? MAX_DATA_VALUES;
    this.#parsedJson = options.parsedJson ?? false;
  }

  *steps(input: unknown): Steps<void> {
    if (!this.#enter(input, 0)) return;
    for (const [key, value] of this.#members(input, [])) {
      this.#path.push(key);
      if (this.#enter(value, 1)) {
        for (const [childKey, child] of this.#members(value, [])) {
          yield;
          this.#visitMember(childKey, child, 2);
        }
        this.#open.pop();
      }
      this.#path.pop();
    }
    this.#open.pop();
  }

  #visit(value: unknown, depth: number): void {
    if (!this.#enter(value, depth)) return;
    this.#members(value, undefined, depth + 1);
    this.#open.pop();
  }

  #visitMember(key: Key, value: unknown, depth: number): void {
    this.#path.push(key);
    this.#visit(value, depth);
    this.#path.pop();
  }

  /**
   * Checks a value; true when it is a container to look into, which is then pushed on `#open`
   * (the caller pops it).
   */
  #enter(value: unknown, depth: number): value is object {
    if (++this.#values > this.#maxValues) {
      if (this.#values === this.#maxValues + 1) {
        this.#issues.push({
          path: '$',
          message: `holds more than ${this.#maxValues} values as JSON writes them (an object referred to twice is written twice)`,
        });
      }
      return false;
    }
    switch (typeof value) {
      case 'string':
      case 'boolean':
        return false;
      case 'number':
        if (!Number.isFinite(value)) this.#report(`must be a finite number, got ${value}`);
        else if (Object.is(value, -0)) this.#report('must not be -0, which JSON writes as 0');
        return false;
      case 'object':
        if (value === null) return false;
        break;
      default:
        this.#report(`must be JSON data, got ${value === undefined ? 'undefined' : `a ${typeof value}`}`);
        return false;
    }
    if (this.#open.includes(value)) {
      this.#report('contains itself (a cycle), which JSON cannot hold');
      return false;
    }
    if (depth >= MAX_DATA_DEPTH) {
      this.#report(`nests deeper than ${MAX_DATA_DEPTH} levels`);
      return false;
    }
    const isArray = Array.isArray(value);
    if (!this.#parsedJson && (isArray ? !isPlainArray(value) : !isPlainObject(value))) {
      this.#report(`must be a plain ${isArray ? 'array' : 'object'}, got ${kindOf(value)}`);
      return false;
    }
    this.#open.push(value);
    return true;
  }

  /**
   * Checks the own properties of a container that `#enter` accepted. With `collect`, gathers its
   * members as [key, value] pairs and returns them; without, visits each at `depth`.
   */
  #members(container: object, collect: Array<[Key, unknown]>): Array<[Key, unknown]>;
  #members(container: object, collect: undefined, depth: number): void;
  #members(container: object, collect: Array<[Key, unknown]> | undefined, depth = 0): unknown {
    if (this.#parsedJson) return this.#parsedMembers(container, collect, depth);
    const keys = Reflect.ownKeys(container);
    if (Array.isArray(container)) {
      const length = this.#checkArrayKeys(container, keys);
      for (let i = 0; i < length; i++) {
        const value = this.#member(container, i);
        if (value === NOT_DATA) continue;
        if (collect) collect.push([i, value]);
        else this.#visitMember(i, value, depth);
      }
    } else {
      for (const key of keys) {
        if (typeof key === 'symbol') {
          this.#reportAt(key, 'is keyed by a symbol, which JSON drops');
          continue;
        }
        const value = this.#member(container, key);
        if (value === NOT_DATA) continue;
        if (collect) collect.push([key, value]);
        else this.#visitMember(key, value, depth);
      }
    }
    return collect;
  }

  /** `#members` of what JSON.parse made: own enumerable data properties only, read directly. */
  #parsedMembers(container: object, collect: Array<[Key, unknown]> | undefined, depth: number): unknown {
    if (Array.isArray(container)) {
      for (let i = 0; i < container.length; i++) {
        if (collect) collect.push([i, container[i]]);
        else this.#visitMember(i, container[i], depth);
      }
    } else {
      const record = container as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        if (collect) collect.push([key, record[key]]);
        else this.#visitMember(key, record[key], depth);
      }
    }
    return collect;
  }

  /**
   * Reports an array's symbol keys, named properties and holes; returns how many elements to
   * visit (none when it has holes: its length may be 2^32 - 1 with nothing in it).
   */
  #checkArrayKeys(array: unknown[], keys: (string | symbol)[]): number {
    const length = array.length;
    // Own keys list indexes first, ascending, then `length`, then other names: `length` right
    // after `length` keys means exactly the indexes 0..length-1 and nothing else.
    if (keys.length === length + 1 && keys[length] === 'length') return length;
    let indexes = 0;
    for (const key of keys) {
      if (key === 'length') continue;
      if (typeof key === 'symbol') this.#reportAt(key, 'is keyed by a symbol, which JSON drops');
      else if (isIndex(key)) indexes++;
      else this.#reportAt(key, 'is a named property of an array, which JSON drops');
    }
    if (indexes === length) return length;
    let hole = 0;
    while (Object.hasOwn(array, hole)) hole++;
    this.#reportAt(hole, 'is a hole in a sparse array, which JSON cannot hold');
    return 0;
  }

  /** The value of an own property, or NOT_DATA (reported) when it is not an enumerable data property. */
  #member(container: object, key: string | number): unknown {
    const descriptor = Object.getOwnPropertyDescriptor(container, key);
    // A proxy may list a key it then denies having; JSON would skip it too.
    if (descriptor === undefined) return NOT_DATA;
    if (!('value' in descriptor)) {
      this.#reportAt(key, 'is an accessor (get/set), not a data property');
      return NOT_DATA;
    }
    if (!descriptor.enumerable) {
      this.#reportAt(key, 'is not enumerable, so JSON would drop it');
      return NOT_DATA;
    }
    return descriptor.value;
  }

  #report(message: string): void {
    this.#issues.push({ path: renderPath(this.#path), message });
  }

  #reportAt(key: Key, message: string): void {
    this.#path.push(key);
    this.#report(message);
    this.#path.pop();
  }
}

function renderPath(keys: readonly Key[]): string {
  let path = '';
  for (const key of keys) {
    if (typeof key === 'number') path = indexPath(path, key);
    else if (typeof key === 'symbol') path = `${path}[${String(key)}]`;
    else path = childPath(path, key);
  }
  return path === '' ? '$' : path;
}

function isIndex(key: string): boolean {
  const index = Number(key);
  return Number.isInteger(index) && index >= 0 && String(index) === key;
}

/** Object.prototype, of this realm or another (a `vm` context, an iframe), or no prototype at all. */
function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value) as object | null;
  if (prototype === null || prototype === Object.prototype) return true;
  return Object.getPrototypeOf(prototype) === null && isNative(prototype, NATIVE_OBJECT);
}

/** Array.prototype, of this realm or another. */
function isPlainArray(value: object): boolean {
  const prototype = Object.getPrototypeOf(value) as object | null;
  if (prototype === Array.prototype) return true;
  return prototype !== null && isNative(prototype, NATIVE_ARRAY) && isPlainObject(prototype);
}

function isNative(prototype: object, source: string): boolean {
  const maker = ownConstructor(prototype);
  return typeof maker === 'function' && Function.prototype.toString.call(maker) === source;
}

/** What a container that is not plain is, for messages: `a Date`, `an instance of Settings`. */
function kindOf(value: object): string {
  const tag = Object.prototype.toString.call(value).slice(8, -1);
  if (tag !== 'Object' && tag !== 'Array') return `a ${tag}`;
  const prototype = Object.getPrototypeOf(value) as object | null;
  const maker = prototype === null ? undefined : ownConstructor(prototype);
  return typeof maker === 'function' && maker.name !== ''
    ? `an instance of ${maker.name}`
    : 'an object with a custom prototype';
}

/** A prototype's own `constructor`, read without running a getter. */
function ownConstructor(prototype: object): unknown {
  return Object.getOwnPropertyDescriptor(prototype, 'constructor')?.value;
}
