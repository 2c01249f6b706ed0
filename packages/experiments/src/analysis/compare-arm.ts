import { type ArmMoments, armMoments } from '../estimation/arm-moments.js';
import { type ArmEstimate, type DifferenceEstimate, estimateDifference } from '../estimation/difference.js';
import { fiellerBounds } from '../estimation/fieller.js';
import type { ExperimentDefinition } from '../model/experiment-definition.js';
import type { MetricDefinition } from '../model/metric-definition.js';
import { normalQuantile } from '../numerics/normal.js';
import type { MetricSums } from '../statistics/sufficient-statistics.js';
import type { Reading } from './reading.js';
import type { ArmResult, ArmSummary, Comparison, Interval } from './result.js';

/** A comparison before the correction, with what the verdict and the decision need. */
export interface ComparisonWork {
  metric: MetricDefinition;
  result: Comparison;
  /** The estimates could be computed (both arms have two units or more and some variance). */
  computable: boolean;
  /** +1 when the lift goes the metric's good way, −1 the bad way, 0 flat. */
  goodSign: number;
  /** Goals: the interval's favourable end is short of the MDE, so this arm cannot have it. */
  belowMde: boolean;
}

export interface CompareContext {
  definition: ExperimentDefinition;
  reading: Reading;
  /** Expected share of each arm (weights normalised). */
  shares: ReadonlyMap<string, number>;
  /** m: goal metrics × treatment arms, for the correction and the simultaneous intervals. */
  goalComparisons: number;
}

/*
 * One treatment arm against control on one metric:
 *
 * 1. Reduce each arm to moments and estimate the lift (estimation/): CUPED when the metric has it, the
 *    delta method for ratio metrics and for the relative lift.
 * 2. Goals are tested two-sided, z = Δ̂/√v; guardrails one-sided towards harm,
 *    z = (h Δ̂ − tolerance·|control|)/√v with h = +1 when higher is worse and −1 when higher is better.
 * 3. The design's test gives the p-value and the interval's radius in standard errors; the sequential
 *    test is tuned to v_plan = (δ / (z_{1−α'} + z_{1−β}))², δ = MDE · |control|, α' = α/m two-sided
 *    for goals (the Bonferroni level the smallest p-value must reach), α one-sided for guardrails.
 * 4. Units for the MDE: the fixed-horizon size (z_{1−α'} + z_{1−β})²/δ² · Σ_arm σ²_arm / share_arm,
 *    times the design's multiplier.
 */
export function compareArm(
  metric: MetricDefinition,
  controlKey: string,
  armKey: string,
  control: MetricSums,
  treatment: MetricSums,
  context: CompareContext,
): ComparisonWork {
  const { definition, reading, shares, goalComparisons } = context;
  const { alpha, power } = definition;
  const guardrail = metric.role === 'guardrail';
  const sides = guardrail ? 'one' : 'two';
  const planAlpha = guardrail ? alpha : alpha / goalComparisons;
  const zPlan = normalQuantile(1 - (guardrail ? planAlpha : planAlpha / 2)) + normalQuantile(power);
  const controlMoments = armMoments(metric.kind, control);
  const treatmentMoments = armMoments(metric.kind, treatment);
  const estimate = estimateDifference(controlMoments, treatmentMoments);
  const baseline = Math.abs(estimate.control.raw);
  const mde = metric.minimumDetectableEffect * baseline;
  const se = Math.sqrt(estimate.variance);
  const seRelative = Math.sqrt(estimate.relativeVariance);
  const computable =
    control.n >= 2 &&
    treatment.n >= 2 &&
    Number.isFinite(estimate.difference) &&
    se > 0 &&
    Number.isFinite(se);
  const plannedVariance = mde > 0 ? (mde / zPlan) ** 2 : 0;
  const test = reading.test(sides, estimate.variance, plannedVariance);
  const higherIsWorse = metric.direction === 'lowerIsBetter';
  const goodSign = Math.sign(estimate.difference) * (higherIsWorse ? -1 : 1);

  let pValue = 1;
  let absolute: Interval = { lower: null, upper: null };
  let relative: Interval = { lower: null, upper: null };
  let simultaneous: Comparison['simultaneous'];
  if (computable) {
    const radius = test.radius(alpha);
    if (guardrail) {
      const harmSign = higherIsWorse ? 1 : -1;
      pValue = test.pValue((harmSign * estimate.difference - metric.tolerance * baseline) / se);
      absolute = oneSided(estimate.difference, se, radius, harmSign);
      relative = relativeBounds(estimate, radius, harmSign);
    } else {
      pValue = test.pValue(estimate.difference / se);
      absolute = twoSided(estimate.difference, se, radius);
      relative = relativeBounds(estimate, radius);
      const wide = test.radius(alpha / goalComparisons);
      simultaneous = {
        absolute: twoSided(estimate.difference, se, wide),
        relative: relativeBounds(estimate, wide),
      };
    }
  } else if (!guardrail) {
    simultaneous = { absolute, relative };
  }

  const favourable = higherIsWorse ? absolute.lower : absolute.upper;
  const belowMde =
    !guardrail &&
    computable &&
    mde > 0 &&
    favourable !== null &&
    (higherIsWorse ? favourable > -mde : favourable < mde);
  const fixedUnits =
    mde > 0
      ? (zPlan / mde) ** 2 *
        (estimate.treatment.unitVariance / shares.get(armKey)! +
          estimate.control.unitVariance / shares.get(controlKey)!)
      : Number.NaN;
  const unitsForMde = Math.ceil(fixedUnits * reading.multiplier(planAlpha, sides));

  const result: Comparison = {
    arm: armKey,
    control: armResult(controlKey, controlMoments, estimate.control),
    treatment: armResult(armKey, treatmentMoments, estimate.treatment),
    absolute: { estimate: finite(estimate.difference), standardError: finite(se), interval: absolute },
    relative: { estimate: finite(estimate.relative), standardError: finite(seRelative), interval: relative },
    pValue,
    adjustedPValue: pValue,
    test: guardrail ? 'harm' : 'twoSided',
    verdict: 'inconclusive',
    unitsForMde: Number.isFinite(unitsForMde) ? unitsForMde : null,
  };
  if (simultaneous !== undefined) result.simultaneous = simultaneous;
  if (estimate.cuped !== undefined) result.cuped = estimate.cuped;
  return { metric, result, computable, goodSign, belowMde };
}

/** An arm before adjustment. */
export function armSummary(metric: MetricDefinition, arm: string, sums: MetricSums): ArmSummary {
  const moments = armMoments(metric.kind, sums);
  return {
    arm,
    units: sums.n,
    estimate: finite(moments.estimate),
    standardError: finite(rawStandardError(moments)),
  };
}

function rawStandardError(moments: ArmMoments): number {
  return moments.divisor > 0 && moments.n > 0
    ? Math.sqrt(moments.centredSquares / moments.divisor / moments.n)
    : Number.NaN;
}

function armResult(arm: string, moments: ArmMoments, estimate: ArmEstimate): ArmResult {
  return {
    arm,
    units: moments.n,
    estimate: finite(estimate.raw),
    standardError: finite(rawStandardError(moments)),
    adjustedEstimate: finite(estimate.adjusted),
    adjustedStandardError: finite(Math.sqrt(estimate.variance)),
  };
}

/** Fieller's interval on the relative lift, with the absolute interval's radius. */
function relativeBounds(estimate: DifferenceEstimate, radius: number, harmSign?: number): Interval {
  const { control, treatment } = estimate;
  return fiellerBounds(
    treatment.adjusted,
    control.adjusted,
    treatment.variance,
    control.variance,
    radius,
    harmSign,
  );
}

function twoSided(estimate: number, se: number, radius: number): Interval {
  if (!Number.isFinite(estimate) || !Number.isFinite(se) || !Number.isFinite(radius)) {
    return { lower: null, upper: null };
  }
  return { lower: estimate - radius * se, upper: estimate + radius * se };
}

/** The bound on the harm side only: a lower bound when harm is an increase, an upper one otherwise. */
function oneSided(estimate: number, se: number, radius: number, harmSign: number): Interval {
  if (!Number.isFinite(estimate) || !Number.isFinite(se) || !Number.isFinite(radius)) {
    return { lower: null, upper: null };
  }
  return harmSign > 0
    ? { lower: estimate - radius * se, upper: null }
    : { lower: null, upper: estimate + radius * se };
}

function finite(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
