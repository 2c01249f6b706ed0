import type { Steps } from '../internal/time-slice.js';

/*
 * Deep-frozen configurations for stores to hand to every reader. The input is plain JSON data
 * (plain-data.ts has checked it), so a copy is a walk over own keys: about a third of the time of
 * `structuredClone`, which serialises and deserialises (bench/config-load). Both functions yield
 * between the members of the top level's members (between flags, between segments).
 */

/** A deep copy of plain JSON data with every object and array frozen; the input is not changed. */
export function* frozenCopySteps<T>(value: T): Steps<T> {
  return (yield* twoLevels(value, true)) as T;
}

/** Freezes plain JSON data in place (data no one else holds, such as what was just parsed). */
export function* freezeSteps<T>(value: T): Steps<T> {
  return (yield* twoLevels(value, false)) as T;
}

/**
 * Copies (or freezes in place) every member of the top level's members, one per step, then the two
 * levels above them.
 */
function* twoLevels(value: unknown, copying: boolean): Steps<unknown> {
  if (!isContainer(value)) return value;
  const shared: SharedCopies = { byKey: new Map(), ids: new Map() };
  const top = copying ? emptyLike(value) : value;
  for (const [key, member] of entries(value)) {
    let done = member;
    if (isContainer(member)) {
      const middle = copying ? emptyLike(member) : member;
      for (const [childKey, child] of entries(member)) {
        yield;
        if (copying) put(middle, childKey, copy(child, shared, true));
        else freeze(child);
      }
      done = Object.freeze(middle);
    }
    if (copying) put(top, key, done);
  }
  return Object.freeze(top);
}

/**
 * Frozen copies made during one copy, shared by content: `byKey` maps a content key (see
 * `contentKey`) to its copy, `ids` numbers the shared copies so that a container of them has a key too.
 */
interface SharedCopies {
  readonly byKey: Map<string, object>;
  readonly ids: Map<object, number>;
}

/** Containers with more members than this are not shared: the key would cost more than it saves. */
const MAX_SHARED_MEMBERS = 16;

/**
 * Copies `value`. Equal small containers, built bottom-up from scalars and other shared copies (a
 * split's `{ variation: 'on', weight: 5000 }`, its weights array, the split, a flag's
 * `{ on: true, off: false }`), become one frozen object: thousands of flags written from one
 * template share them, and frozen data cannot tell a shared copy from its own. `top` is a flag or
 * segment itself, unique by its key: its members are shared, it is not.
 */
function copy(value: unknown, shared: SharedCopies, top = false): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const made = copyMembers(value, shared);
  if (top) return made;
  const key = contentKey(made, shared);
  if (key === undefined) return made;
  const known = shared.byKey.get(key);
  if (known !== undefined) return known;
  shared.byKey.set(key, made);
  shared.ids.set(made, shared.ids.size);
  return made;
}

function copyMembers(value: object, shared: SharedCopies): object {
  if (Array.isArray(value)) {
    // `map` allocates the exact length; an array grown by `push` keeps room for 17 elements, which
    // made the weights and rules of a 10,000-flag configuration cost megabytes.
    return Object.freeze(value.map((item) => copy(item, shared)));
  }
  const record: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    put(record, key, copy((value as Record<string, unknown>)[key], shared));
  }
  return Object.freeze(record);
}

/**
 * A key naming the content of `copy`, a frozen copy whose members are scalars or shared copies;
 * undefined when a member is neither or it has more than MAX_SHARED_MEMBERS. Arrays and objects,
 * member names and scalar types stay apart; `-0` is not `0`.
 */
function contentKey(copy: object, shared: SharedCopies): string | undefined {
  const array = Array.isArray(copy);
  const names = array ? undefined : Object.keys(copy);
  const length = array ? copy.length : names!.length;
  if (length > MAX_SHARED_MEMBERS) return undefined;
  let key = array ? '[' : '{';
  for (let i = 0; i < length; i++) {
    const item: unknown = array ? copy[i] : (copy as Record<string, unknown>)[names![i]!];
    if (!array) key += `${JSON.stringify(names![i])}:`;
    if (typeof item === 'string') key += JSON.stringify(item);
    else if (typeof item === 'number') key += Object.is(item, -0) ? '-0' : String(item);
    else if (typeof item === 'boolean' || item === null) key += String(item);
    else {
      const id = typeof item === 'object' ? shared.ids.get(item) : undefined;
      if (id === undefined) return undefined;
      key += `#${id}`;
    }
    key += ',';
  }
  return key;
}

function freeze(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  if (Array.isArray(value)) for (let i = 0; i < value.length; i++) freeze(value[i]);
  else for (const key of Object.keys(value)) freeze((value as Record<string, unknown>)[key]);
  return value;
}

type Container = Record<string, unknown> | unknown[];

function isContainer(value: unknown): value is Container {
  return typeof value === 'object' && value !== null;
}

function emptyLike(value: Container): Container {
  return Array.isArray(value) ? [] : {};
}

function entries(value: Container): Array<[string | number, unknown]> {
  if (Array.isArray(value)) return value.map((item, index) => [index, item]);
  return Object.keys(value).map((key) => [key, value[key]]);
}

function put(container: Container, key: string | number, value: unknown): void {
  if (Array.isArray(container)) {
    container[key as number] = value;
  } else if (key === '__proto__') {
    // An own property, as JSON.parse makes it: assigning would change the prototype instead.
    Object.defineProperty(container, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    container[key as string] = value;
  }
}
