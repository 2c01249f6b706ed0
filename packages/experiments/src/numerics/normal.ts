/*
 * The standard normal distribution: density, both tails and the quantile, to double precision.
 *
 * erfc by two expansions that are each exact in the limit (Abramowitz and Stegun, Handbook of
 * Mathematical Functions, 1964): below |x| = 2 the series erf(x) = 2/√π · e^(−x²) Σ 2ⁿ x^(2n+1) /
 * (1·3·…·(2n+1)) (A&S 7.1.6, every term positive, so no cancellation); from 2 on the continued fraction
 * erfc(x) = e^(−x²)/√π · 1/(x + ½/(x + 1/(x + 3/2/(x + …)))) (A&S 7.1.14), evaluated by the modified
 * Lentz method, which keeps tails down to 1e−300 accurate where 1 − erf(x) would round to 0.
 *
 * The quantile starts from A&S 26.2.23 (error < 4.5e−4) and takes Halley steps on the tail above,
 * which triple the number of correct digits each (three are enough for double precision).
 */

const SQRT_PI = Math.sqrt(Math.PI);
const SQRT_TWO = Math.SQRT2;
const INV_SQRT_TWO_PI = 1 / Math.sqrt(2 * Math.PI);

/** The standard normal density φ(x). */
export function normalDensity(x: number): number {
  return INV_SQRT_TWO_PI * Math.exp(-0.5 * x * x);
}

/** Φ(x) = P(Z ≤ x). */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / SQRT_TWO);
}

/** 1 − Φ(x) = P(Z > x), accurate far into the upper tail. */
export function normalUpperTail(x: number): number {
  return 0.5 * erfc(x / SQRT_TWO);
}

/** The complementary error function erfc(x) = 1 − erf(x). */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x < 2) return 1 - erfSeries(x);
  return erfcContinuedFraction(x);
}

function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return ((2 / SQRT_PI) * Math.exp(-x2) * sum) as number;
}

function erfcContinuedFraction(x: number): number {
  if (x > 27) return 0;
  // erfc(x) = e^(−x²)/√π · 1/(x + a₁/(x + a₂/(x + …))) with a_k = k/2 (A&S 7.1.14).
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let k = 1; k < 500; k++) {
    const a = k / 2;
    d = x + a * d;
    d = Math.abs(d) < tiny ? 1 / tiny : 1 / d;
    c = x + a / c;
    if (Math.abs(c) < tiny) c = tiny;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / (SQRT_PI * f);
}

// Analyses ask for the same few quantiles (1 − α/2, the power) at every read.
const quantiles = new Map<number, number>();

/** Φ⁻¹(p): the z with P(Z ≤ z) = p, for p in (0, 1); ±∞ at 0 and 1, NaN outside. */
export function normalQuantile(p: number): number {
  const known = quantiles.get(p);
  if (known !== undefined) return known;
  const z = computeQuantile(p);
  if (quantiles.size >= 512) quantiles.clear();
  quantiles.set(p, z);
  return z;
}

function computeQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return Number.NaN;
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  // Work on the smaller tail q, then z = Φ⁻¹(1 − q) > 0 solves upperTail(z) = q.
  const upper = p > 0.5;
  const q = upper ? 1 - p : p;
  if (q === 0.5) return 0;
  const t = Math.sqrt(-2 * Math.log(q));
  let z =
    t -
    (2.515517 + 0.802853 * t + 0.010328 * t * t) / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t ** 3);
  for (let i = 0; i < 4; i++) {
    // Halley's method on f(z) = Q(z) − q, Q' = −φ, Q'' = zφ.
    const error = (normalUpperTail(z) - q) / normalDensity(z);
    const step = error / (1 - (z * error) / 2);
    z += step;
    if (Math.abs(step) < 1e-15 * Math.max(1, Math.abs(z))) break;
  }
  return upper ? z : -z;
}
