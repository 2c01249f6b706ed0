import { childPath, describeValue, IssueList } from '@rampkit/core/validation';
import { InvalidExperimentError } from '../errors.js';
import { checkKey, checkMetric, type MetricDefinition, type MetricInput } from './metric-definition.js';

/** One arm (a variation of the experiment's flag) and its share of the traffic. */
export interface ArmInput {
  /** The variation's key, as in the sufficient statistics. */
  key: string;
  /**
   * The arm's relative weight; shares are weight / Σ weights, so a split's basis points work as they are.
   * @default 1
   */
  weight?: number;
}

/**
 * How results may be read:
 * - `sequential`: at any time, as often as you like (anytime-valid; the default);
 * - `fixedHorizon`: once, when `plannedUnits` units have been exposed (pre-registered size);
 * - `groupSequential`: at `looks` planned looks, equally spaced up to `plannedUnits`, with an
 *   O'Brien–Fleming-type alpha-spending boundary.
 */
export type DesignInput =
  | { mode: 'sequential' }
  | { mode: 'fixedHorizon'; plannedUnits: number }
  | { mode: 'groupSequential'; plannedUnits: number; looks?: number };

/** An experiment as written by its owner. */
export interface ExperimentInput {
  /** Names the experiment (usually its flag's key). */
  key: string;
  /** Two or more arms, control among them. */
  arms: ArmInput[];
  /** The arm every other arm is compared with. */
  control: string;
  /** What is measured; at least one goal. */
  metrics: MetricInput[];
  /**
   * The significance level: the chance of a false win (goals, corrected across arms × goals) and of a
   * false harm per guardrail.
   * @default 0.05
   */
  alpha?: number;
  /**
   * The power planned for the minimum detectable effect.
   * @default 0.8
   */
  power?: number;
  /**
   * The smallest relative lift worth detecting (0.05 = 5%), for metrics that set none.
   * @default 0.05
   */
  minimumDetectableEffect?: number;
  /**
   * When results may be read.
   * @default { mode: 'sequential' }
   */
  design?: DesignInput;
  /**
   * The level of the sample-ratio-mismatch test: the chance over the whole experiment of flagging a
   * healthy split.
   * @default 0.001
   */
  srmAlpha?: number;
}

export interface ArmDefinition {
  key: string;
  weight: number;
}

export type Design =
  | { mode: 'sequential' }
  | { mode: 'fixedHorizon'; plannedUnits: number }
  | { mode: 'groupSequential'; plannedUnits: number; looks: number };

/** A validated experiment with every default filled in. */
export interface ExperimentDefinition {
  key: string;
  arms: ArmDefinition[];
  control: string;
  metrics: MetricDefinition[];
  alpha: number;
  power: number;
  minimumDetectableEffect: number;
  design: Design;
  srmAlpha: number;
}

const EXPERIMENT_KEYS = [
  'key',
  'arms',
  'control',
  'metrics',
  'alpha',
  'power',
  'minimumDetectableEffect',
  'design',
  'srmAlpha',
];
const MAX_LOOKS = 20;

/**
 * The sample-ratio check's level when a definition sets none: strict, because the check is read over
 * the experiment's whole life and a false alarm withholds a verdict (docs/experiments.md).
 */
export const DEFAULT_SRM_ALPHA = 0.001;

/**
 * Checks an experiment definition and fills in every default.
 * @param source names where the definition came from, for the error message (a file name)
 * @throws InvalidExperimentError listing every problem with its path
 *   (`metrics[2].cap.percentile: must be a number above 0 and below 100, got 120`)
 */
export function validateExperiment(input: ExperimentInput | unknown, source?: string): ExperimentDefinition {
  const issues = new IssueList();
  const root = issues.object(input, '$');
  if (root === undefined) throw new InvalidExperimentError(issues.list, source);
  issues.knownKeys(root, EXPERIMENT_KEYS, '');
  const key = checkKey(root.key, 'key', issues);
  const alpha = optional(root.alpha, 0.05, (v) =>
    issues.number(v, 'alpha', { min: 0, max: 0.5, minExclusive: true }),
  );
  const power = optional(root.power, 0.8, (v) =>
    issues.number(v, 'power', { min: 0, max: 1, minExclusive: true, maxExclusive: true }),
  );
  const minimumDetectableEffect = optional(root.minimumDetectableEffect, 0.05, (v) =>
    issues.number(v, 'minimumDetectableEffect', { min: 0, minExclusive: true }),
  );
  const srmAlpha = optional(root.srmAlpha, DEFAULT_SRM_ALPHA, (v) =>
    issues.number(v, 'srmAlpha', { min: 0, max: 0.5, minExclusive: true }),
  );
  const arms = checkArms(root.arms, issues);
  const control = issues.string(root.control, 'control');
  if (control !== undefined && arms !== undefined && !arms.some((arm) => arm.key === control)) {
    issues.add(
      'control',
      `must be one of the arms (${arms.map((arm) => arm.key).join(', ')}), got ${describeValue(control)}`,
    );
  }
  const metrics = checkMetrics(root.metrics, issues, minimumDetectableEffect ?? 0.05);
  const design =
    root.design === undefined ? { mode: 'sequential' as const } : checkDesign(root.design, issues);
  if (issues.list.length > 0) throw new InvalidExperimentError(issues.list, source);
  return {
    key: key!,
    arms: arms!,
    control: control!,
    metrics: metrics!,
    alpha: alpha!,
    power: power!,
    minimumDetectableEffect: minimumDetectableEffect!,
    design: design!,
    srmAlpha: srmAlpha!,
  };
}

function optional<T>(value: unknown, fallback: T, check: (value: unknown) => T | undefined): T | undefined {
  return value === undefined ? fallback : check(value);
}

function checkArms(value: unknown, issues: IssueList): ArmDefinition[] | undefined {
  const list = issues.array(value, 'arms');
  if (list === undefined) return undefined;
  if (list.length < 2)
    issues.add('arms', `must list at least two arms (control and a treatment), got ${list.length}`);
  const arms: ArmDefinition[] = [];
  const seen = new Set<string>();
  list.forEach((item, i) => {
    const path = `arms[${i}]`;
    const arm = issues.object(item, path);
    if (arm === undefined) return;
    issues.knownKeys(arm, ['key', 'weight'], path);
    const key = checkKey(arm.key, childPath(path, 'key'), issues);
    const weight = optional(arm.weight, 1, (v) =>
      issues.number(v, childPath(path, 'weight'), { min: 0, minExclusive: true }),
    );
    if (key !== undefined && seen.has(key)) issues.add(childPath(path, 'key'), `"${key}" is listed twice`);
    if (key !== undefined) seen.add(key);
    if (key !== undefined && weight !== undefined) arms.push({ key, weight });
  });
  return arms.length === list.length ? arms : undefined;
}

function checkMetrics(
  value: unknown,
  issues: IssueList,
  minimumDetectableEffect: number,
): MetricDefinition[] | undefined {
  const list = issues.array(value, 'metrics');
  if (list === undefined) return undefined;
  const metrics: MetricDefinition[] = [];
  const seen = new Set<string>();
  list.forEach((item, i) => {
    const metric = checkMetric(item, `metrics[${i}]`, issues, { minimumDetectableEffect });
    if (metric === undefined) return;
    if (seen.has(metric.key)) issues.add(`metrics[${i}].key`, `"${metric.key}" is listed twice`);
    seen.add(metric.key);
    metrics.push(metric);
  });
  if (metrics.length === list.length && !metrics.some((metric) => metric.role === 'goal')) {
    issues.add('metrics', 'must include at least one goal metric (role: goal), which decides what ships');
  }
  return metrics.length === list.length ? metrics : undefined;
}

function checkDesign(value: unknown, issues: IssueList): Design | undefined {
  const design = issues.object(value, 'design');
  if (design === undefined) return undefined;
  const mode = issues.oneOf(design.mode, 'design.mode', [
    'sequential',
    'fixedHorizon',
    'groupSequential',
  ] as const);
  if (mode === undefined) return undefined;
  if (mode === 'sequential') {
    issues.knownKeys(design, ['mode'], 'design');
    return { mode };
  }
  issues.knownKeys(
    design,
    mode === 'fixedHorizon' ? ['mode', 'plannedUnits'] : ['mode', 'plannedUnits', 'looks'],
    'design',
  );
  const plannedUnits = issues.number(design.plannedUnits, 'design.plannedUnits', { min: 2, integer: true });
  if (mode === 'fixedHorizon') return plannedUnits === undefined ? undefined : { mode, plannedUnits };
  const looks = optional(design.looks, 5, (v) =>
    issues.number(v, 'design.looks', { min: 2, max: MAX_LOOKS, integer: true }),
  );
  return plannedUnits === undefined || looks === undefined ? undefined : { mode, plannedUnits, looks };
}
