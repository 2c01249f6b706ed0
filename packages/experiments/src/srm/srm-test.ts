import { logGamma } from '@rampkit/core/stats';

/*
 * Sample ratio mismatch, checked on every read: the Dirichlet-multinomial Bayes factor of Lindon and
 * Malek, "Anytime-valid inference for multinomial count data" (NeurIPS 2022, arXiv:2011.03567).
 *
 * The units' arms are a multinomial sequence with shares θ; the split promises θ = p. Mixing the
 * likelihood ratio Π (θ_i/p_i)^(x_i) over a Dirichlet(A·p) prior on θ gives, in closed form,
 *
 *   BF = Γ(A) / Γ(A + n) · Π_i Γ(A p_i + x_i) / Γ(A p_i) / Π_i p_i^(x_i),
 *
 * a nonnegative martingale with mean 1 under the promised split. By Ville's inequality
 * P(BF ≥ 1/α at any read) ≤ α: checking after every unit flags a healthy experiment with probability
 * at most α over its whole life. It depends on the cumulative counts only, so a read needs no state.
 *
 * The concentration A sets which mismatches it is quickest to see: the prior's spread around p is
 * about √(p(1 − p)/A). A = 1000 is within 10% of the best of 100 … 100,000 at a 50.5/49.5 split and at
 * 52/48 (bench/experiments measures the first).
 */

export const SRM_CONCENTRATION = 1000;

/** ln BF for the counts against the expected shares (summing to 1, each > 0). */
export function srmLogBayesFactor(counts: readonly number[], shares: readonly number[]): number {
  let n = 0;
  let logBf = 0;
  for (let i = 0; i < counts.length; i++) {
    const x = counts[i]!;
    const a = SRM_CONCENTRATION * shares[i]!;
    n += x;
    if (x > 0) logBf += logGamma(a + x) - logGamma(a) - x * Math.log(shares[i]!);
  }
  if (n === 0) return 0;
  return logBf + logGamma(SRM_CONCENTRATION) - logGamma(SRM_CONCENTRATION + n);
}
