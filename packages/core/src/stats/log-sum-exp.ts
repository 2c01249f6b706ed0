/**
 * ln Σ exp(terms[i]) without overflow or underflow: the largest term is factored out first.
 * An empty list, or one whose terms are all −∞, gives −∞.
 */
export function logSumExp(terms: readonly number[]): number {
  let max = Number.NEGATIVE_INFINITY;
  for (const term of terms) if (term > max) max = term;
  if (max === Number.NEGATIVE_INFINITY || max === Number.POSITIVE_INFINITY) return max;
  let sum = 0;
  for (const term of terms) sum += Math.exp(term - max);
  return max + Math.log(sum);
}

/** ln(1 − e^x) for x ≤ 0, accurate near both ends (Mächler, "Accurately computing log(1 − exp(−|a|))", 2012). */
export function log1mExp(x: number): number {
  if (x > 0) return Number.NaN;
  return x > -Math.LN2 ? Math.log(-Math.expm1(x)) : Math.log1p(-Math.exp(x));
}
