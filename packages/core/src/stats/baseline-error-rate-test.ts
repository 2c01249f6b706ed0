import { logBinomialUpperTail } from './binomial-tail.js';
import { ERROR_RATE_ALTERNATIVES } from './error-rate-test.js';
import { logSumExp } from './log-sum-exp.js';

/*
 * The error-rate comparison when stable is a fixed baseline measured before the canary took all the
 * traffic (blue-green): there is no shared interval to condition on, so stable's rate is bounded
 * instead, and the canary is tested against that bound.
 *
 *   H0: p_canary ≤ (1 + margin) · p_stable
 *
 * 1. Stable's baseline (errors x_s of n_s) is fixed before the canary's window begins. Its exact
 *    one-sided Clopper–Pearson upper bound u at level alpha/2 exceeds p_stable with probability
 *    ≥ 1 − alpha/2, so under H0 the canary's rate is at most p0 = (1 + margin) · u on that event.
 * 2. Against the constant p0 the canary's requests are a Bernoulli sequence; for a rate p1 > p0 the
 *    likelihood ratio (p1/p0)^x ((1 − p1)/(1 − p0))^(n − x) is a nonnegative supermartingale when the
 *    canary's rate is ≤ p0, and so is its mixture over p1 = r·p0, r in ERROR_RATE_ALTERNATIVES, with
 *    equal weights (Robbins 1970). It depends on the canary's cumulative counts only.
 * 3. Ville's inequality at 2/alpha: P(ever crossing | the bound holds) ≤ alpha/2. Together, a canary
 *    no worse than (1 + margin) × stable is rolled back with probability ≤ alpha, however often it is
 *    checked. This assumes stable's rate during the baseline is the rate it would have had during
 *    the canary's window: the price of not running both at once.
 */

export interface BaselineErrorRateEvidence {
  /** ln of the mixture e-value; it crosses ln(2/alpha) to reject. */
  logEValue: number;
  /** Stable's error rate is at most this with confidence 1 − alpha/2 (Clopper–Pearson). */
  stableUpper: number;
  /** The rate the canary is tested against: (1 + margin) · stableUpper, at most 1. */
  nullRate: number;
}

/**
 * Evidence that the canary's error rate exceeds (1 + margin) × stable's, stable being a fixed
 * baseline. Compare `logEValue` with ln(2 / alpha).
 */
export function baselineErrorRateEvidence(
  canary: { requests: number; errors: number },
  baseline: { requests: number; errors: number },
  options: { margin: number; alpha: number },
): BaselineErrorRateEvidence {
  const stableUpper = upperBound(baseline.errors, baseline.requests, options.alpha / 2);
  const nullRate = Math.min(1, (1 + options.margin) * stableUpper);
  const n = canary.requests;
  const x = Math.min(canary.errors, n);
  if (nullRate >= 1 || n <= 0) return { logEValue: 0, stableUpper, nullRate };
  const logRatios = ERROR_RATE_ALTERNATIVES.map((r) => {
    // The alternative stays below 1 so that a success keeps a finite likelihood.
    const p1 = Math.min(r * nullRate, (1 + nullRate) / 2);
    return x * Math.log(p1 / nullRate) + (n - x) * (Math.log1p(-p1) - Math.log1p(-nullRate));
  });
  return { logEValue: logSumExp(logRatios) - Math.log(logRatios.length), stableUpper, nullRate };
}

/** One-sided exact upper bound: the rate p at which P(X ≤ k) = level, by bisection. */
function upperBound(k: number, n: number, level: number): number {
  if (n <= 0 || k >= n) return 1;
  const target = Math.log(level);
  let low = 0;
  let high = 1;
  // P(X ≤ k) = 1 − P(X ≥ k + 1) falls as p grows.
  for (let i = 0; i < 60; i++) {
    const mid = (low + high) / 2;
    const logAtMost = Math.log1p(-Math.exp(logBinomialUpperTail(k + 1, n, mid)));
    if (logAtMost > target) low = mid;
    else high = mid;
  }
  return high;
}
