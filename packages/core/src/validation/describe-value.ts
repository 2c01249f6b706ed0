/**
 * How input appears in error messages, in every package: `"<path>: must be …, got <value>"`. Input
 * may be huge or hostile, so strings are JSON-quoted and cut short and objects are named, not shown.
 */

const MAX_SHOWN = 60;

/** A string as it appears in a message: JSON-quoted and cut short. */
export function quote(text: string): string {
  const shown = text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text;
  return JSON.stringify(shown);
}

/** What a value is, for "must be X, got Y" messages. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${quote(value)}`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}
