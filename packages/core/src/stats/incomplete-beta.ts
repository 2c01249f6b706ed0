import { logBeta } from './log-gamma.js';
import { log1mExp } from './log-sum-exp.js';

/*
 * The regularized incomplete beta function I_x(a, b) = ∫₀ˣ t^(a−1) (1−t)^(b−1) dt / B(a, b), by its
 * continued fraction evaluated with the modified Lentz method (Numerical Recipes 3rd ed. §6.4). The
 * fraction converges fast for x < (a + 1) / (a + b + 2); above that point the symmetry
 * I_x(a, b) = 1 − I_{1−x}(b, a) is used, so one of the two tails is always computed directly and
 * both are returned as logarithms: the tail that matters for a test is often far below 1e−300.
 */

const TINY = 1e-300;
const EPSILON = 1e-15;

/** ln I_x(a, b) and ln(1 − I_x(a, b)), each accurate even when it is a tiny tail. */
export interface LogIncompleteBeta {
  /** ln I_x(a, b) = ln P(Beta(a, b) ≤ x). */
  lower: number;
  /** ln(1 − I_x(a, b)) = ln P(Beta(a, b) > x). */
  upper: number;
}

/** Both tails of the Beta(a, b) distribution at x, as logarithms. a, b > 0; x is clamped to [0, 1]. */
export function logIncompleteBeta(x: number, a: number, b: number): LogIncompleteBeta {
  if (!(a > 0 && b > 0) || Number.isNaN(x)) return { lower: Number.NaN, upper: Number.NaN };
  if (x <= 0) return { lower: Number.NEGATIVE_INFINITY, upper: 0 };
  if (x >= 1) return { lower: 0, upper: Number.NEGATIVE_INFINITY };
  if (x < (a + 1) / (a + b + 2)) {
    const lower = logDirectTail(x, a, b);
    return { lower, upper: log1mExp(lower) };
  }
  const upper = logDirectTail(1 - x, b, a);
  return { lower: log1mExp(upper), upper };
}

/** ln I_x(a, b) = a ln x + b ln(1 − x) − ln a − ln B(a, b) + ln(continued fraction). */
function logDirectTail(x: number, a: number, b: number): number {
  const front = a * Math.log(x) + b * Math.log1p(-x) - Math.log(a) - logBeta(a, b);
  return Math.min(0, front + Math.log(continuedFraction(x, a, b)));
}

function continuedFraction(x: number, a: number, b: number): number {
  // The fraction needs O(√max(a, b)) terms in the worst case (Numerical Recipes §6.4).
  const maxTerms = 200 + Math.ceil(4 * Math.sqrt(Math.max(a, b)));
  const sum = a + b;
  let c = 1;
  let d = nonZero(1 - (sum * x) / (a + 1));
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= maxTerms; m++) {
    const m2 = 2 * m;
    const even = (m * (b - m) * x) / ((a - 1 + m2) * (a + m2));
    d = 1 / nonZero(1 + even * d);
    c = nonZero(1 + even / c);
    h *= d * c;
    const odd = (-(a + m) * (sum + m) * x) / ((a + m2) * (a + 1 + m2));
    d = 1 / nonZero(1 + odd * d);
    c = nonZero(1 + odd / c);
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < EPSILON) break;
  }
  return h;
}

function nonZero(value: number): number {
  return Math.abs(value) < TINY ? TINY : value;
}
