import type { Steps } from '../../internal/time-slice.js';

const INDENT = '  ';

/**
 * `JSON.stringify(value, null, 2)` plus a final newline, FileStore's default text, built one
 * member of the top level's members at a time (one flag per step) and handed to `emit` in parts
 * that are never joined into one string: for a large configuration, any single pass over the whole
 * text would hold the event loop for long, and parts kept until the end would all survive into
 * the garbage collector's old generation, whose copying is what stalls longest (bench/config-load).
 * The parts, joined, are that text character for character: a value nested n levels down is its
 * own two-space JSON with every line after its first indented by n more levels. `value` is plain
 * JSON data (validated).
 */
export function* formatJsonSteps(value: unknown, emit: (part: string) => void): Steps<void> {
  if (!isContainer(value)) {
    emit(`${JSON.stringify(value)}\n`);
    return;
  }
  let first = true;
  for (const [key, member] of entries(value)) {
    emit(`${first ? opening(value) : ','}\n${INDENT}${label(key)}`);
    first = false;
    if (!isContainer(member) || isEmpty(member)) {
      emit(nested(member, 1));
      continue;
    }
    let firstChild = true;
    for (const [childKey, child] of entries(member)) {
      yield;
      const lead = firstChild ? opening(member) : ',';
      emit(`${lead}\n${INDENT}${INDENT}${label(childKey)}${nested(child, 2)}`);
      firstChild = false;
    }
    emit(`\n${INDENT}${closing(member)}`);
  }
  emit(first ? `${opening(value)}${closing(value)}\n` : `\n${closing(value)}\n`);
}

function nested(value: unknown, depth: number): string {
  return JSON.stringify(value, null, 2).replaceAll('\n', `\n${INDENT.repeat(depth)}`);
}

function opening(container: object): string {
  return Array.isArray(container) ? '[' : '{';
}

function closing(container: object): string {
  return Array.isArray(container) ? ']' : '}';
}

/** `"key": ` for an object's member, nothing for an array's element. */
function label(key: string | number): string {
  return typeof key === 'string' ? `${JSON.stringify(key)}: ` : '';
}

type Container = Record<string, unknown> | unknown[];

function isContainer(value: unknown): value is Container {
  return typeof value === 'object' && value !== null;
}

function isEmpty(value: Container): boolean {
  return Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0;
}

function entries(value: Container): Array<[string | number, unknown]> {
  if (Array.isArray(value)) return value.map((item, index) => [index, item]);
  return Object.keys(value).map((key) => [key, value[key]]);
}
