import { RampkitError } from '@rampkit/core';
import { IssueList } from '@rampkit/core/validation';
import type { Sides } from '../numerics/alpha-spending.js';
import { normalQuantile } from '../numerics/normal.js';
import { equallySpaced, groupSequentialMultiplier, sequentialMultiplier } from './design-multiplier.js';

/*
 * Planning before an experiment starts: units, minimum detectable effect and duration from a baseline
 * and traffic. The fixed-horizon size for an absolute effect δ with arms' shares s_a and per-unit
 * variances σ²_a is the usual normal-approximation formula (e.g. Chow, Shao and Wang, Sample Size
 * Calculations in Clinical Research, 2nd ed. 2008, §4.2)
 *
 *   N = (z_{1−α'} + z_{1−β})² / δ² · (σ²_t / s_t + σ²_c / s_c),
 *
 * α' = α/(2m) two-sided with m goal comparisons (Bonferroni, so the plan holds for Holm's smallest
 * p-value), α one-sided; a design that reads early needs N times its multiplier
 * (planning/design-multiplier.ts). CUPED divides the variances by 1 − (variance reduction).
 */

/** What control looks like today. */
export type Baseline =
  /** A conversion rate in (0, 1). */
  | { kind: 'binomial'; rate: number }
  /** A per-unit mean and standard deviation (revenue, or a ratio's linearised value). */
  | { kind: 'mean'; mean: number; standardDeviation: number };

/** How the experiment will be read. */
export type PlanDesign =
  | { mode: 'sequential' }
  | { mode: 'fixedHorizon' }
  | { mode: 'groupSequential'; looks?: number };

/** What every planning function takes. */
export interface PlanOptions {
  /** Control's rate or mean and standard deviation. */
  baseline: Baseline;
  /**
   * The significance level.
   * @default 0.05
   */
  alpha?: number;
  /**
   * The power at the minimum detectable effect.
   * @default 0.8
   */
  power?: number;
  /**
   * Arms, control included, with equal traffic.
   * @default 2
   */
  arms?: number;
  /**
   * Goal comparisons corrected together (metrics × treatment arms).
   * @default arms − 1
   */
  comparisons?: number;
  /**
   * How results will be read.
   * @default { mode: 'sequential' }
   */
  design?: PlanDesign;
  /**
   * `twoSided` for goals, `harm` for a guardrail's one-sided test.
   * @default 'twoSided'
   */
  test?: 'twoSided' | 'harm';
  /**
   * The share of variance CUPED is expected to remove, ρ² for a pre-period correlation ρ.
   * @default 0
   */
  varianceReduction?: number;
}

/** A planned sample size. */
export interface SamplePlan {
  /** Units for the planned power, all arms together. */
  totalUnits: number;
  unitsPerArm: number;
  /** What a fixed-horizon test read once would need. */
  fixedHorizonUnits: number;
  /** totalUnits / fixedHorizonUnits: the price of the design's early reads. */
  multiplier: number;
}

/** Units needed to detect a relative lift of `minimumDetectableEffect` (0.05 = 5%). */
export function planSampleSize(options: PlanOptions & { minimumDetectableEffect: number }): SamplePlan {
  const settings = resolve(options);
  const fixed = fixedUnits(settings, options.minimumDetectableEffect);
  const multiplier = designMultiplier(settings);
  const totalUnits = Math.ceil(fixed * multiplier);
  return {
    totalUnits,
    unitsPerArm: Math.ceil(totalUnits / settings.arms),
    fixedHorizonUnits: Math.ceil(fixed),
    multiplier,
  };
}

/** The smallest relative lift detectable with `units` units (all arms) at the planned power. */
export function planMinimumDetectableEffect(options: PlanOptions & { units: number }): number {
  const settings = resolve(options);
  const fixedBudget = options.units / designMultiplier(settings);
  // Units needed fall as the effect grows: bisection on the effect.
  let low = 0;
  let high = settings.baseline.kind === 'binomial' ? 1 / settings.baseline.rate - 1 : 1;
  if (settings.baseline.kind === 'mean') {
    while (fixedUnits(settings, high) > fixedBudget && high < 1e9) high *= 2;
  }
  if (fixedUnits(settings, high) > fixedBudget) return Number.POSITIVE_INFINITY;
  for (let i = 0; i < 100; i++) {
    const mid = (low + high) / 2;
    if (fixedUnits(settings, mid) > fixedBudget) low = mid;
    else high = mid;
  }
  return high;
}

/** Days to reach the planned size at `unitsPerDay` units a day (all arms). */
export function planDuration(
  options: PlanOptions & { minimumDetectableEffect: number; unitsPerDay: number },
): SamplePlan & { days: number } {
  const plan = planSampleSize(options);
  return { ...plan, days: plan.totalUnits / options.unitsPerDay };
}

interface Settings {
  baseline: Baseline;
  alpha: number;
  power: number;
  arms: number;
  comparisons: number;
  design: PlanDesign;
  sides: Sides;
  varianceReduction: number;
}

function resolve(options: PlanOptions): Settings {
  checkOptions(options);
  const arms = options.arms ?? 2;
  return {
    baseline: options.baseline,
    alpha: options.alpha ?? 0.05,
    power: options.power ?? 0.8,
    arms,
    comparisons: options.comparisons ?? arms - 1,
    design: options.design ?? { mode: 'sequential' },
    sides: options.test === 'harm' ? 'one' : 'two',
    varianceReduction: options.varianceReduction ?? 0,
  };
}

/** The level each comparison is planned at: Bonferroni over goal comparisons, one-sided for harm. */
function planAlpha(settings: Settings): number {
  return settings.sides === 'one' ? settings.alpha : settings.alpha / settings.comparisons;
}

function fixedUnits(settings: Settings, relativeEffect: number): number {
  const { baseline, sides, power, arms } = settings;
  const alpha = planAlpha(settings);
  const z = normalQuantile(1 - (sides === 'two' ? alpha / 2 : alpha)) + normalQuantile(power);
  let controlVariance: number;
  let treatmentVariance: number;
  let delta: number;
  if (baseline.kind === 'binomial') {
    const treated = Math.min(1, baseline.rate * (1 + relativeEffect));
    controlVariance = baseline.rate * (1 - baseline.rate);
    treatmentVariance = treated * (1 - treated);
    delta = treated - baseline.rate;
  } else {
    controlVariance = baseline.standardDeviation ** 2;
    treatmentVariance = controlVariance;
    delta = relativeEffect * Math.abs(baseline.mean);
  }
  const reduction = 1 - settings.varianceReduction;
  // Equal shares 1/arms: σ²/s = arms · σ².
  return ((z / delta) ** 2 * arms * (controlVariance + treatmentVariance) * reduction) as number;
}

function designMultiplier(settings: Settings): number {
  const alpha = planAlpha(settings);
  const { design, power, sides } = settings;
  if (design.mode === 'fixedHorizon') return 1;
  if (design.mode === 'groupSequential') {
    return groupSequentialMultiplier(equallySpaced(design.looks ?? 5), alpha, power, sides);
  }
  return sequentialMultiplier(alpha, power, sides);
}

/**
 * @throws RampkitError with code RAMPKIT_INVALID_ARGUMENT naming each bad option
 *   (`baseline.rate: must be a number above 0 and below 1, got 1.5`)
 */
function checkOptions(
  options: PlanOptions & { minimumDetectableEffect?: number; units?: number; unitsPerDay?: number },
): void {
  const issues = new IssueList();
  const baseline = issues.object(options.baseline, 'baseline');
  if (baseline !== undefined) {
    const kind = issues.oneOf(baseline.kind, 'baseline.kind', ['binomial', 'mean'] as const);
    if (kind === 'binomial') {
      issues.number(baseline.rate, 'baseline.rate', {
        min: 0,
        max: 1,
        minExclusive: true,
        maxExclusive: true,
      });
    } else if (kind === 'mean') {
      issues.number(baseline.mean, 'baseline.mean');
      if (baseline.mean === 0) issues.add('baseline.mean', 'must not be 0: a relative effect of 0 is 0');
      issues.number(baseline.standardDeviation, 'baseline.standardDeviation', { min: 0, minExclusive: true });
    }
  }
  const positive = { min: 0, minExclusive: true };
  if (options.alpha !== undefined) issues.number(options.alpha, 'alpha', { ...positive, max: 0.5 });
  if (options.power !== undefined)
    issues.number(options.power, 'power', { ...positive, max: 1, maxExclusive: true });
  if (options.arms !== undefined) issues.number(options.arms, 'arms', { min: 2, integer: true });
  if (options.comparisons !== undefined)
    issues.number(options.comparisons, 'comparisons', { min: 1, integer: true });
  if (options.varianceReduction !== undefined) {
    issues.number(options.varianceReduction, 'varianceReduction', { min: 0, max: 1, maxExclusive: true });
  }
  if (options.design?.mode === 'groupSequential' && options.design.looks !== undefined) {
    issues.number(options.design.looks, 'design.looks', { min: 2, max: 20, integer: true });
  }
  if (options.minimumDetectableEffect !== undefined) {
    issues.number(options.minimumDetectableEffect, 'minimumDetectableEffect', positive);
  }
  if (options.units !== undefined) issues.number(options.units, 'units', positive);
  if (options.unitsPerDay !== undefined) issues.number(options.unitsPerDay, 'unitsPerDay', positive);
  if (issues.list.length > 0) {
    throw new RampkitError(
      'RAMPKIT_INVALID_ARGUMENT',
      `invalid planning options: ${issues.list.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`,
    );
  }
}
