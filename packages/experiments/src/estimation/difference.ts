import type { ArmMoments } from './arm-moments.js';

/*
 * Treatment against control for one metric: the absolute and relative lift and their variances,
 * CUPED-adjusted when both arms carry a covariate.
 *
 * 1. CUPED (Deng, Xu, Kohavi and Walker, "Improving the sensitivity of online controlled experiments
 *    by utilizing pre-experiment data", WSDM 2013, §3): each arm's estimate becomes
 *    Ŷ_a − θ (Z̄_a − Z̄), with one θ for both arms so the adjustment cannot favour either. θ is the
 *    regression slope of the analysed variable on the covariate, pooled within arms:
 *    θ = Σ_a Σ(L − L̄_a)(z − z̄_a) / Σ_a Σ(z − z̄_a)², the slope of an ANCOVA with an arm indicator. As the
 *    covariate is measured before exposure, randomisation makes E[Z̄_t − Z̄_c] = 0 and the adjusted
 *    difference unbiased for any θ; this θ minimises its variance, which falls by the factor 1 − ρ²
 *    (ρ the within-arm correlation of the metric with the covariate). θ is treated as known, as in the
 *    paper: its estimation error is of order 1/n.
 * 2. Each arm's variance is Var(L − θz)/n_a; the arms are independent, so the difference's variance is
 *    their sum (unpooled: the arms may differ in variance).
 * 3. The relative lift Ŷ_t/Ŷ_c − 1 has, by the delta method on the ratio of two independent means
 *    (Deng, Knoblich and Lu, KDD 2018, §3.3), the variance
 *    Var(Ŷ_t)/Ŷ_c² + Ŷ_t² Var(Ŷ_c)/Ŷ_c⁴.
 */

export interface ArmEstimate {
  /** The arm's estimate before adjustment: ȳ, or the ratio. */
  raw: number;
  /** After CUPED (equal to `raw` without it): Ŷ_a − θ (Z̄_a − Z̄). */
  adjusted: number;
  /** Variance of `adjusted`. */
  variance: number;
  /** Per-unit variance of the analysed variable (after CUPED), for planning. */
  unitVariance: number;
}

export interface DifferenceEstimate {
  control: ArmEstimate;
  treatment: ArmEstimate;
  /** treatment − control (adjusted). */
  difference: number;
  variance: number;
  /** treatment / control − 1; NaN when control's estimate is 0. */
  relative: number;
  relativeVariance: number;
  /** CUPED only: θ and the share of the difference's variance it removed, 1 − Var_adjusted/Var_raw. */
  cuped?: { theta: number; varianceReduction: number };
}

export function estimateDifference(control: ArmMoments, treatment: ArmMoments): DifferenceEstimate {
  const cuped = control.covariate !== undefined && treatment.covariate !== undefined;
  let theta = 0;
  let pooledCovariateMean = 0;
  if (cuped) {
    const zz = control.covariate!.centredSquares + treatment.covariate!.centredSquares;
    theta = zz > 0 ? (control.covariate!.centredCross + treatment.covariate!.centredCross) / zz : 0;
    pooledCovariateMean =
      (control.n * control.covariate!.mean + treatment.n * treatment.covariate!.mean) /
      (control.n + treatment.n);
  }
  const arm = (moments: ArmMoments): ArmEstimate & { rawVariance: number } => {
    const squares = moments.centredSquares;
    const z = moments.covariate;
    const adjustedSquares =
      cuped && z !== undefined
        ? Math.max(0, squares - 2 * theta * z.centredCross + theta * theta * z.centredSquares)
        : squares;
    const unitVariance = moments.divisor > 0 ? adjustedSquares / moments.divisor : Number.NaN;
    const rawUnitVariance = moments.divisor > 0 ? squares / moments.divisor : Number.NaN;
    const shift = cuped && z !== undefined ? theta * (z.mean - pooledCovariateMean) : 0;
    return {
      raw: moments.estimate,
      adjusted: moments.estimate - shift,
      variance: unitVariance / moments.n,
      unitVariance,
      rawVariance: rawUnitVariance / moments.n,
    };
  };
  const c = arm(control);
  const t = arm(treatment);
  const difference = t.adjusted - c.adjusted;
  const variance = t.variance + c.variance;
  const relative = c.adjusted !== 0 ? t.adjusted / c.adjusted - 1 : Number.NaN;
  const relativeVariance =
    c.adjusted !== 0
      ? t.variance / c.adjusted ** 2 + (t.adjusted ** 2 * c.variance) / c.adjusted ** 4
      : Number.NaN;
  const estimate: DifferenceEstimate = {
    control: strip(c),
    treatment: strip(t),
    difference,
    variance,
    relative,
    relativeVariance,
  };
  if (cuped) {
    const rawVariance = c.rawVariance + t.rawVariance;
    estimate.cuped = { theta, varianceReduction: rawVariance > 0 ? 1 - variance / rawVariance : 0 };
  }
  return estimate;
}

function strip(arm: ArmEstimate & { rawVariance: number }): ArmEstimate {
  return { raw: arm.raw, adjusted: arm.adjusted, variance: arm.variance, unitVariance: arm.unitVariance };
}
