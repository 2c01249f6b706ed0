/**
 * How context values are read by the text and numeric operators. Each returns undefined for a
 * value the operator cannot use, so that the operator does not hold; none of them throws.
 */

const DECIMAL = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;

/** Strings as they are, finite numbers in their shortest decimal form, booleans as `true`/`false`. */
export function textForm(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return undefined;
}

/** Numbers other than NaN, and strings that are plain decimal numbers (`42`, `-1.5`, `2e3`). */
export function numberForm(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isNaN(value) ? undefined : value;
  if (typeof value === 'string' && DECIMAL.test(value)) return Number(value);
  return undefined;
}
