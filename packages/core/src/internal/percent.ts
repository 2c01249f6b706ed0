/**
 * How many digits a percentage keeps: `decimals` after the point (trailing zeros dropped when
 * `trim`), `significant` digits (trailing zeros dropped), or `adaptive`: one decimal from 10%, two
 * from 0.1%, and two significant digits below that (at most eight decimals).
 */
export type PercentPrecision =
  | { readonly decimals: number; readonly trim?: boolean }
  | { readonly significant: number }
  | 'adaptive';

/** A share (0.0412) as a percentage ("4.12%"), locale-independent, at the given precision. */
export function formatPercent(share: number, precision: PercentPrecision): string {
  const value = share * 100;
  if (precision === 'adaptive') {
    if (value === 0) return '0%';
    const digits = value >= 10 ? 1 : value >= 0.1 ? 2 : Math.min(8, 1 - Math.floor(Math.log10(value)));
    return `${Number(value.toFixed(digits))}%`;
  }
  if ('significant' in precision) return `${Number(value.toPrecision(precision.significant))}%`;
  const text = value.toFixed(precision.decimals);
  return `${precision.trim ? Number(text) : text}%`;
}
