import { normalCdf } from './normal.js';

/*
 * The normal-mixture e-value and confidence sequence (Robbins, "Statistical methods related to the law
 * of the iterated logarithm", Ann. Math. Statist. 41, 1970; Howard, Ramdas, McAuliffe and Sekhon,
 * "Time-uniform, nonparametric, nonasymptotic confidence sequences", Ann. Statist. 49, 2021, §3.2;
 * the mSPRT of Johari, Koomen, Pekelis and Walsh, "Always valid inference: continuous monitoring of
 * A/B tests", Operations Research 70, 2022).
 *
 * An estimate Δ̂ with variance v is, to the central-limit approximation, N(Δ, v). Mixing its likelihood
 * ratio against Δ = Δ₀ over alternatives Δ₀ + N(0, τ²) gives, with z = (Δ̂ − Δ₀)/√v and u = τ²/v,
 *
 *   E = (1 + u)^(−1/2) · exp(u z² / (2 (1 + u))).
 *
 * As the data grow this is a nonnegative martingale under Δ = Δ₀ (the mixture of the Gaussian
 * likelihood-ratio martingales), so by Ville's inequality P(E ≥ 1/α at any time) ≤ α. Inverting it gives
 * the confidence sequence Δ̂ ± √v · m(u) with
 *
 *   m(u) = √( (1 + u)/u · (2 ln(1/α) + ln(1 + u)) ).
 *
 * For a one-sided test (guardrails: harm only) the mixing distribution is the half-normal on the
 * alternative's side, which integrates to
 *
 *   E₊ = 2 (1 + u)^(−1/2) · exp(u z² / (2 (1 + u))) · Φ(z √(u/(1 + u))),
 *
 * increasing in z; its radius m₊(u) solves E₊(m₊) = 1/α.
 */

/** ln E of the two-sided normal mixture at z with u = τ²/v. */
export function mixtureLogEValue(z: number, u: number): number {
  if (!(u > 0)) return 0;
  return -0.5 * Math.log1p(u) + (u * z * z) / (2 * (1 + u));
}

/** ln E₊ of the one-sided (half-normal) mixture: evidence that the effect is above Δ₀. */
export function oneSidedMixtureLogEValue(z: number, u: number): number {
  if (!(u > 0)) return 0;
  const cdf = normalCdf(z * Math.sqrt(u / (1 + u)));
  if (cdf <= 0) return Number.NEGATIVE_INFINITY;
  return Math.LN2 - 0.5 * Math.log1p(u) + (u * z * z) / (2 * (1 + u)) + Math.log(cdf);
}

/** m(u): the two-sided sequence is Δ̂ ± √v · m(u). Infinite when u = 0 (nothing learnt yet). */
export function mixtureRadius(u: number, alpha: number): number {
  if (!(u > 0)) return Number.POSITIVE_INFINITY;
  return Math.sqrt(((1 + u) / u) * (2 * Math.log(1 / alpha) + Math.log1p(u)));
}

/** m₊(u): the one-sided bound is Δ̂ − √v · m₊(u) (or + for the other side). */
export function oneSidedMixtureRadius(u: number, alpha: number): number {
  if (!(u > 0)) return Number.POSITIVE_INFINITY;
  const target = Math.log(1 / alpha);
  // E₊ is increasing in z, and E ≤ E₊ ≤ 2E for z ≥ 0 (0.5 ≤ Φ ≤ 1): the root lies between the
  // two-sided radii at 2α and at α.
  let low = 2 * alpha < 1 ? mixtureRadius(u, 2 * alpha) : 0;
  let high = mixtureRadius(u, alpha);
  while (oneSidedMixtureLogEValue(high, u) < target) high *= 2;
  for (let i = 0; i < 80; i++) {
    const mid = (low + high) / 2;
    if (oneSidedMixtureLogEValue(mid, u) >= target) high = mid;
    else low = mid;
    if (high - low < 1e-12 * high) break;
  }
  return high;
}
