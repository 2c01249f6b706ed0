import type { MetricKind } from '../model/metric-definition.js';
import type { MetricSums } from '../statistics/sufficient-statistics.js';

/*
 * One arm of one metric, reduced to the moments of the per-unit variable the analysis works on.
 *
 * - binomial and mean metrics: the value y itself; the arm's estimate is ȳ.
 * - ratio metrics: R = Σy / Σx is a ratio of two means, whose variance follows from the delta method
 *   (Deng, Knoblich and Lu, "Applying the Delta Method in Metric Analytics: A Practical Guide with
 *   Novel Ideas", KDD 2018, §2): R̂ − R ≈ mean of L_i = (y_i − R x_i) / x̄, the linearised unit, so
 *   Var(R̂) ≈ Var(L)/n with Σ(L − L̄)² = (S_yy − 2R S_xy + R² S_xx) / x̄².
 *
 * S_ab = Σab − Σa Σb / n are centred sums. The per-unit variance divides them by n − 1, except for a
 * binomial metric, where the divisor n gives p̂(1 − p̂), the variance of the usual two-proportion
 * (Wald) interval.
 */

export interface ArmMoments {
  n: number;
  /** ȳ, or R = Σy/Σx for a ratio metric; NaN when a ratio's denominator sums to 0. */
  estimate: number;
  /** n for binomial metrics, n − 1 otherwise. */
  divisor: number;
  /** Σ (L − L̄)²: the centred sum of squares of the analysed per-unit variable. */
  centredSquares: number;
  /** CUPED only: the covariate's mean, Σ (z − z̄)² and Σ (L − L̄)(z − z̄). */
  covariate?: { mean: number; centredSquares: number; centredCross: number };
}

export function armMoments(kind: MetricKind, sums: MetricSums): ArmMoments {
  const { n } = sums;
  const divisor = kind === 'binomial' ? n : n - 1;
  const syy = centred(sums.sumSquares, sums.sum, sums.sum, n);
  const z = sums.covariate;
  const syz = z === undefined ? 0 : centred(z.crossSum, sums.sum, z.sum, n);
  let estimate = n > 0 ? sums.sum / n : Number.NaN;
  let centredSquares = syy;
  let centredCross = syz;
  if (kind === 'ratio' && sums.denominator !== undefined) {
    const x = sums.denominator;
    const xMean = n > 0 ? x.sum / n : Number.NaN;
    const ratio = x.sum !== 0 ? sums.sum / x.sum : Number.NaN;
    const sxx = centred(x.sumSquares, x.sum, x.sum, n);
    const sxy = centred(x.crossSum, x.sum, sums.sum, n);
    estimate = ratio;
    centredSquares = (syy - 2 * ratio * sxy + ratio * ratio * sxx) / (xMean * xMean);
    if (z !== undefined) {
      const sxz = centred(z.denominatorCrossSum ?? 0, x.sum, z.sum, n);
      centredCross = (syz - ratio * sxz) / xMean;
    }
  }
  const moments: ArmMoments = { n, estimate, divisor, centredSquares: Math.max(0, centredSquares) };
  if (z !== undefined) {
    moments.covariate = {
      mean: n > 0 ? z.sum / n : Number.NaN,
      centredSquares: Math.max(0, centred(z.sumSquares, z.sum, z.sum, n)),
      centredCross,
    };
  }
  return moments;
}

/** Σab − Σa·Σb/n; 0 for no units. */
function centred(sumOfProducts: number, sumA: number, sumB: number, n: number): number {
  return n > 0 ? sumOfProducts - (sumA * sumB) / n : 0;
}
