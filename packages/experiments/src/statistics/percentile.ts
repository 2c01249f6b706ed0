/**
 * The p-th percentile (0 < p < 100) of values by linear interpolation between order statistics:
 * position (n − 1)·p/100 in the sorted values. This is SQL's PERCENTILE_CONT, NumPy's default and R's
 * type 7 (Hyndman and Fan, "Sample quantiles in statistical packages", Am. Stat. 50, 1996), so a cap
 * computed in a warehouse matches one computed here. NaN for no values.
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const position = ((sorted.length - 1) * p) / 100;
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  const fraction = position - below;
  return sorted[below]! + fraction * (sorted[above]! - sorted[below]!);
}
