import type { Design } from '../model/experiment-definition.js';
import type { MetricDirection, MetricKind, MetricRole } from '../model/metric-definition.js';

/*
 * What analyzeExperiment returns: plain JSON (no Infinity, no NaN: an unknown or unbounded value is
 * null), so results can be stored, sent and compared as they are.
 */

/** An interval; an end is null when it is unbounded (one-sided bounds) or cannot be computed yet. */
export interface Interval {
  lower: number | null;
  upper: number | null;
}

/** One arm of one metric, before any adjustment. */
export interface ArmSummary {
  arm: string;
  /** Units n the metric was summed over. */
  units: number;
  /** ȳ (binomial: the conversion rate), or the ratio Σy/Σx. */
  estimate: number | null;
  /** Standard error of `estimate` (delta method for a ratio). */
  standardError: number | null;
}

/** One arm of one metric as a comparison uses it. */
export interface ArmResult extends ArmSummary {
  /**
   * With CUPED: Ŷ − θ(Z̄ − Z̄ of both arms), the estimate the lifts use (θ and Z̄ belong to the
   * comparison, so control's adjusted estimate may differ between comparisons); otherwise `estimate`.
   */
  adjustedEstimate: number | null;
  /** Standard error of `adjustedEstimate`. */
  adjustedStandardError: number | null;
}

/**
 * - `better` / `worse`: a goal moved significantly (after the correction) the good / bad way;
 * - `harm`: a guardrail got worse beyond its tolerance (one-sided, uncorrected);
 * - `inconclusive`: none of these, or the design does not allow a verdict at this read.
 */
export type Verdict = 'better' | 'worse' | 'harm' | 'inconclusive';

/** One treatment arm against control on one metric. */
export interface Comparison {
  arm: string;
  control: ArmResult;
  treatment: ArmResult;
  /** treatment − control, with the interval at level 1 − α (one-sided for guardrails). */
  absolute: { estimate: number | null; standardError: number | null; interval: Interval };
  /**
   * treatment / control − 1, its delta-method standard error, and Fieller's interval at the same level
   * (when bounded, it holds 0 exactly when the absolute interval does); both ends are null while
   * control's estimate is not clear of 0.
   */
  relative: { estimate: number | null; standardError: number | null; interval: Interval };
  /**
   * Goals only: the interval on the absolute lift at level 1 − α/m (m goal comparisons), which holds for
   * all goal comparisons at once (Bonferroni); the relative one likewise.
   */
  simultaneous?: { absolute: Interval; relative: Interval };
  /** The p-value of this comparison alone: fixed-horizon, always-valid or repeated, per the design. */
  pValue: number;
  /** Goals: Holm-adjusted over arms × goals; guardrails: equal to `pValue` (not corrected). */
  adjustedPValue: number;
  /** Two-sided for goals; one-sided towards harm for guardrails. */
  test: 'twoSided' | 'harm';
  verdict: Verdict;
  /** CUPED only: θ and the share of the lift's variance the covariate removed. */
  cuped?: { theta: number; varianceReduction: number };
  /**
   * Total units (all arms) this comparison needs for the planned power at the minimum detectable
   * effect, under the design, from the current variance estimates; null when they cannot be estimated.
   */
  unitsForMde: number | null;
}

/** One metric: control and each treatment arm against it. */
export interface MetricResult {
  key: string;
  kind: MetricKind;
  role: MetricRole;
  direction: MetricDirection;
  /** The cap the statistics were built with, if any. */
  cappedAt?: number;
  /** Control before adjustment; each comparison carries its adjusted control. */
  control: ArmSummary;
  comparisons: Comparison[];
}

/** The sample-ratio check of one read. */
export interface SrmResult {
  /** True when the split is off beyond chance: the verdict is withheld. */
  flagged: boolean;
  /** Always-valid p-value of the promised split (1/Bayes factor, at most 1). */
  pValue: number;
  /** The level it is flagged at (`srmAlpha`). */
  alpha: number;
  arms: { arm: string; units: number; observedShare: number | null; expectedShare: number }[];
}

/**
 * - `ship`: `arm` won on a goal with no goal worse and no guardrail harmed;
 * - `keepControl`: every treatment arm lost, harmed a guardrail or cannot reach the MDE;
 * - `keepGoing`: not yet decided; `unitsNeeded` more units (all arms) reach the plan;
 * - `withheld`: the sample ratio is off, so no verdict can be trusted.
 */
export type DecisionAction = 'ship' | 'keepControl' | 'keepGoing' | 'withheld';

/** Stable codes for why, for programs (the `reason` sentence is for people and may improve). */
export type DecisionCode =
  | 'SAMPLE_RATIO_MISMATCH'
  | 'GOAL_IMPROVED'
  | 'ALL_ARMS_REJECTED'
  | 'NO_EFFECT_AS_LARGE_AS_MDE'
  | 'PLANNED_SIZE_REACHED'
  | 'NOT_ENOUGH_DATA'
  | 'BEFORE_PLANNED_SIZE'
  | 'BETWEEN_LOOKS'
  | 'COLLECTING_EVIDENCE';

export interface Decision {
  action: DecisionAction;
  code: DecisionCode;
  /** The arm to ship (action `ship`). */
  arm?: string;
  /** A sentence a person can act on. */
  reason: string;
  /** keepGoing: more units (all arms together) the plan needs; null when it cannot be estimated. */
  unitsNeeded?: number | null;
  /** keepGoing with `unitsPerDay` given: the days those units take. */
  daysNeeded?: number | null;
}

/** The analysis of one read. */
export interface ExperimentResult {
  experiment: string;
  design: Design;
  alpha: number;
  /** Units exposed, all arms together. */
  units: number;
  /** Group-sequential designs: the look this read counts as (1-based; 0 before the first). */
  look?: { index: number; of: number; unitsAtLook: number; nextLookUnits: number | null };
  srm: SrmResult;
  metrics: MetricResult[];
  decision: Decision;
}
