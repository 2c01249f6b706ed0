import { formatPercent } from '@rampkit/core/internal';
/*
 * Number formatting for the one-sentence `detail` of each check: fixed, locale-independent output so
 * the same verdict reads the same in every process and in stored history.
 */

/** 0.0412 → "4.12%", 0.05 → "5%"; small rates keep two significant digits (0.000123 → "0.012%"). */
export function percent(rate: number): string {
  return Number.isFinite(rate) ? formatPercent(rate, 'adaptive') : 'n/a';
}

/** 12040 → "12,040". */
export function count(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Milliseconds with three significant digits: 412.3 → "412 ms", 1.234 → "1.23 ms". */
export function ms(value: number): string {
  if (Number.isNaN(value)) return 'n/a';
  if (value === Number.POSITIVE_INFINITY) return '∞ ms';
  return `${Number(value.toPrecision(3))} ms`;
}

/** An e-value or likelihood ratio: "0.42", "37.5", "1.2e+6". */
export function evidence(value: number): string {
  if (value >= 1e4) return value.toExponential(1);
  return String(Number(value.toPrecision(3)));
}

/** "errors/requests" as a fraction for a detail: "33/812". */
export function ratio(errors: number, requests: number): string {
  return `${count(errors)}/${count(requests)}`;
}
