import { childPath, indexPath } from '@rampkit/core/validation';
import type { AnalysisSettings } from '../analysis/types.js';
import { mergeAnalysis, resolveAnalysis } from './analysis-settings.js';
import type { Issues, PlainObject } from './issues.js';
import type { PlanStep } from './types.js';

/** Ramps longer than this are almost certainly a typo (a step of 0.1%). */
export const MAX_STEPS = 100;

export interface StepContext {
  issues: Issues;
  /** The plan's analysis block without the controller's fields, as written. */
  analysis: PlainObject;
  /** The plan's analysis resolved (undefined when it was invalid; issues are already recorded). */
  resolved: AnalysisSettings | undefined;
}

/** `steps` of a canary plan. A last weight below 100 gets a final 100% step appended. */
export function canarySteps(value: unknown, context: StepContext): PlanStep[] {
  const { issues } = context;
  const items = issues.array(value, 'steps');
  if (items === undefined) return [];
  if (items.length === 0) issues.add('steps', 'must list at least one step');
  if (items.length > MAX_STEPS)
    issues.add('steps', `must list at most ${MAX_STEPS} steps, got ${items.length}`);
  const steps: PlanStep[] = [];
  let previous = 0;
  items.forEach((item, index) => {
    const path = indexPath('steps', index);
    const input = issues.object(item, path);
    if (input === undefined) return;
    issues.knownKeys(input, ['weight', 'hold', 'approval', 'analysis'], path);
    if (input.weight === undefined && input.hold === undefined && input.approval === undefined) {
      issues.add(path, 'must set weight, hold or approval');
    }
    let weight = previous;
    if (input.weight !== undefined) {
      const given = issues.percent(input.weight, childPath(path, 'weight'), { allowZero: true });
      if (given !== undefined && given < previous) {
        issues.add(
          childPath(path, 'weight'),
          `must not be below the previous step's ${previous}% (ramps only go up)`,
        );
      } else if (given === 100 && index < items.length - 1) {
        issues.add(childPath(path, 'weight'), '100 completes the rollout, so only the last step may have it');
      } else if (given !== undefined) {
        weight = given;
      }
    }
    const holdMs =
      input.hold === undefined
        ? 0
        : (issues.duration(input.hold, childPath(path, 'hold'), { positive: false }) ?? 0);
    const approval =
      input.approval === undefined
        ? false
        : (issues.boolean(input.approval, childPath(path, 'approval')) ?? false);
    const analysis = stepAnalysis(input.analysis, childPath(path, 'analysis'), weight, context);
    steps.push({ weight, holdMs, approval, analysis });
    previous = weight;
  });
  return withFinalStep(steps);
}

/** `linear: { step, every, max }`: step, 2×step, … up to max, then 100. */
export function linearSteps(value: unknown, context: StepContext): PlanStep[] {
  const { issues } = context;
  const input = issues.object(value, 'linear');
  if (input === undefined) return [];
  issues.knownKeys(input, ['step', 'every', 'max'], 'linear');
  const step = issues.percent(input.step, 'linear.step', { allowZero: false });
  const every = issues.duration(input.every, 'linear.every', { positive: false });
  const max = rampMax(input.max, 'linear.max', step, issues);
  if (step === undefined || every === undefined || max === undefined) return [];
  const weights: number[] = [];
  for (let k = 1; weights.at(-1) !== max && k <= MAX_STEPS + 1; k++)
    weights.push(Math.min(roundWeight(step * k), max));
  return rampSteps(weights, every, 'linear', context);
}

/** `exponential: { start, factor, every, max }`: start, start×factor, … up to max, then 100. */
export function exponentialSteps(value: unknown, context: StepContext): PlanStep[] {
  const { issues } = context;
  const input = issues.object(value, 'exponential');
  if (input === undefined) return [];
  issues.knownKeys(input, ['start', 'factor', 'every', 'max'], 'exponential');
  const start = issues.percent(input.start, 'exponential.start', { allowZero: false });
  const factor = issues.number(input.factor, 'exponential.factor', { min: 1, minExclusive: true });
  const every = issues.duration(input.every, 'exponential.every', { positive: false });
  const max = rampMax(input.max, 'exponential.max', start, issues);
  if (start === undefined || factor === undefined || every === undefined || max === undefined) return [];
  const weights: number[] = [start];
  let exact = start;
  while (weights.at(-1) !== max && weights.length <= MAX_STEPS) {
    exact *= factor;
    const next = Math.min(roundWeight(exact), max);
    // Rounding to basis points can repeat a small weight; such a step would move no traffic.
    if (next > (weights.at(-1) as number)) weights.push(next);
  }
  return rampSteps(weights, every, 'exponential', context);
}

/** `blueGreen: { window, baseline }`: one switch to 100%, analysed against stable's pre-switch metrics. */
export function blueGreenSteps(value: unknown, context: StepContext): PlanStep[] {
  const { issues } = context;
  const input = issues.object(value, 'blueGreen');
  if (input === undefined) return [];
  issues.knownKeys(input, ['window', 'baseline'], 'blueGreen');
  const window = issues.duration(input.window, 'blueGreen.window', { positive: true });
  const baseline =
    input.baseline === undefined
      ? window
      : issues.duration(input.baseline, 'blueGreen.baseline', { positive: true });
  if (window === undefined || baseline === undefined || context.resolved === undefined) return [];
  return [{ weight: 100, holdMs: window, approval: false, analysis: context.resolved, baselineMs: baseline }];
}

export function roundWeight(percent: number): number {
  return Math.round(percent * 100) / 100;
}

function rampMax(
  value: unknown,
  path: string,
  first: number | undefined,
  issues: Issues,
): number | undefined {
  if (value === undefined) return 100;
  const max = issues.percent(value, path, { allowZero: false });
  if (max !== undefined && first !== undefined && max < first) {
    issues.add(path, `must be at least the first step's ${first}%`);
    return undefined;
  }
  return max;
}

function rampSteps(weights: number[], every: number, name: string, context: StepContext): PlanStep[] {
  if (weights.length > MAX_STEPS) {
    context.issues.add(name, `expands to more than ${MAX_STEPS} steps; take bigger steps`);
    return [];
  }
  return withFinalStep(
    weights.map((weight) => ({
      weight,
      holdMs: every,
      approval: false,
      analysis: weight > 0 && weight < 100 ? (context.resolved ?? null) : null,
    })),
  );
}

function stepAnalysis(
  value: unknown,
  path: string,
  weight: number,
  context: StepContext,
): AnalysisSettings | null {
  // With no canary traffic, or no stable traffic left, there is nothing to compare.
  if (weight === 0 || weight === 100) {
    if (value !== undefined && value !== false)
      context.issues.add(path, `a step at ${weight}% is not analysed; remove this`);
    return null;
  }
  if (value === false) return null;
  if (value === undefined) return context.resolved ?? null;
  const override = context.issues.object(value, path);
  if (override === undefined) return null;
  return resolveAnalysis(mergeAnalysis(context.analysis, override), path, context.issues) ?? null;
}

function withFinalStep(steps: PlanStep[]): PlanStep[] {
  const last = steps.at(-1);
  if (last !== undefined && last.weight < 100)
    steps.push({ weight: 100, holdMs: 0, approval: false, analysis: null });
  return steps;
}
