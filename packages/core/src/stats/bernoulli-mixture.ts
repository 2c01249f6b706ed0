import { logIncompleteBeta } from './incomplete-beta.js';
import { logBeta } from './log-gamma.js';

/*
 * A one-sided e-value for a Bernoulli rate by the method of mixtures (Robbins, "Statistical methods
 * related to the law of the iterated logarithm", Ann. Math. Statist. 41, 1970; Howard, Ramdas,
 * McAuliffe and Sekhon, "Time-uniform, nonparametric, nonasymptotic confidence sequences",
 * Ann. Statist. 49, 2021, §3).
 *
 * For the null "the rate is at least p0" (side `below`: the evidence is for a rate under p0), with k
 * successes in n trials,
 *
 *   E_n = ∫ (p / p0)^k ((1 − p) / (1 − p0))^(n − k) π(dp),   π uniform on (0, p0),
 *
 * is a mixture of likelihood ratios. Under a rate of exactly p0 each ratio is a martingale with mean 1,
 * and so is their mixture; under a larger rate every ratio (p < p0) is a supermartingale. Ville's
 * inequality then gives P(E_n ≥ 1/alpha for some n) ≤ alpha: the e-value can be watched after every
 * trial and the first crossing trusted. Side `above` mirrors it (null: the rate is at most p0; π
 * uniform on (p0, 1)). The integral is a Beta function times an incomplete beta function, in closed form.
 */

export type RateSide = 'below' | 'above';

/** ln E_n: ln of the mixture likelihood ratio against "rate ≥ p0" (`below`) or "rate ≤ p0" (`above`). */
export function logBernoulliMixture(k: number, n: number, p0: number, side: RateSide): number {
  if (n <= 0) return 0;
  if (!(p0 > 0 && p0 < 1)) return Number.NaN;
  const tails = logIncompleteBeta(p0, k + 1, n - k + 1);
  const logNull = k * Math.log(p0) + (n - k) * Math.log1p(-p0);
  const logMass = side === 'below' ? tails.lower - Math.log(p0) : tails.upper - Math.log1p(-p0);
  return logBeta(k + 1, n - k + 1) + logMass - logNull;
}
