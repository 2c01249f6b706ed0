import { logIncompleteBeta } from './incomplete-beta.js';

/*
 * Exact binomial tails through the incomplete beta function: for X ~ Binomial(n, p) and 1 ≤ k ≤ n,
 * P(X ≥ k) = I_p(k, n − k + 1). No normal approximation, so the answer is right for 3 requests as for
 * 3 billion. The one-sided Clopper–Pearson bound (Clopper and Pearson, "The use of confidence or
 * fiducial limits illustrated in the case of the binomial", Biometrika 26, 1934) inverts that tail.
 */

/** ln P(X ≥ k) for X ~ Binomial(n, p); counts are whole numbers, n ≥ 0, p in [0, 1]. */
export function logBinomialUpperTail(k: number, n: number, p: number): number {
  if (k <= 0) return 0;
  if (k > n) return Number.NEGATIVE_INFINITY;
  if (p <= 0) return Number.NEGATIVE_INFINITY;
  if (p >= 1) return 0;
  return logIncompleteBeta(p, k, n - k + 1).lower;
}

/** P(X ≥ k) for X ~ Binomial(n, p): the p-value of k or more successes when the rate is p. */
export function binomialUpperTail(k: number, n: number, p: number): number {
  return Math.exp(logBinomialUpperTail(k, n, p));
}

/**
 * The one-sided (1 − alpha) Clopper–Pearson lower confidence bound on a rate from `k` successes in `n`
 * trials: the rate p at which P(X ≥ k) = alpha. 0 when k = 0 (or n = 0). A limit L is exceeded with
 * confidence 1 − alpha exactly when this bound is above L, i.e. when `binomialUpperTail(k, n, L) < alpha`.
 */
export function clopperPearsonLower(k: number, n: number, alpha: number): number {
  if (k <= 0 || n <= 0) return 0;
  const target = Math.log(alpha);
  // The tail grows with p, so bisection converges; 60 halvings reach the resolution of a double.
  let low = 0;
  let high = 1;
  for (let i = 0; i < 60; i++) {
    const mid = (low + high) / 2;
    if (logBinomialUpperTail(k, n, mid) < target) low = mid;
    else high = mid;
  }
  return low;
}
