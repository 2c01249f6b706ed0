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
  const top = copying ? emptyLike(value) : value;
  for (const [key, member] of entries(value)) {
    let done = member;
    if (isContainer(member)) {
      const middle = copying ? emptyLike(member) : member;
      for (const [childKey, child] of entries(member)) {
        yield;
        if (copying) put(middle, childKey, copy(child));
        else freeze(child);
      }
      done = Object.freeze(middle);
    }
    if (copying) put(top, key, done);
  }
  return Object.freeze(top);
}

function copy(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const items: unknown[] = [];
    for (let i = 0; i < value.length; i++) items.push(copy(value[i]));
    return Object.freeze(items);
  }
  const record: Record<string, unknown> = {};
  for (const key of Object.keys(value)) put(record, key, copy((value as Record<string, unknown>)[key]));
  return Object.freeze(record);
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
