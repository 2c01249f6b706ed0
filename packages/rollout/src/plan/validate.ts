import { describeValue } from '@rampkit/core/validation';
import { InvalidPlanError } from '../errors.js';
import { CONTROLLER_ANALYSIS_KEYS, resolveAnalysis } from './analysis-settings.js';
import { blueGreenSteps, canarySteps, exponentialSteps, linearSteps, type StepContext } from './expand.js';
import { Issues, type PlainObject } from './issues.js';
import { defaultStaleAfterMs } from './stale-after.js';
import type { NoDataAction, PlanInput, PlanStep, RolloutPlan, StrategyName } from './types.js';
import { checkGates, checkNotifications, type InlineChecks } from './validate-gates.js';
import { checkMetricsSource } from './validate-source.js';

const PLAN_KEYS = [
  '$schema',
  'id',
  'flag',
  'stable',
  'canary',
  'strategy',
  'steps',
  'linear',
  'exponential',
  'blueGreen',
  'analysis',
  'gates',
  'notifications',
  'description',
];
const STRATEGIES: readonly StrategyName[] = ['canary', 'linear', 'exponential', 'blueGreen'];
const NO_DATA_ACTIONS: readonly NoDataAction[] = ['pause', 'rollback', 'continue'];
const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export interface CheckedPlan {
  plan: RolloutPlan;
  /** Health-check functions given inline, which the plan cannot store. */
  inlineChecks: InlineChecks;
}

/**
 * Checks a plan and fills in every default: durations become milliseconds, linear and exponential
 * ramps are expanded into steps, every step ends up with its resolved analysis settings.
 * @throws InvalidPlanError listing every problem with the path of its field
 *   (`steps[2].weight: must be a number from 0 to 100, got 120`)
 */
export function validatePlan(input: PlanInput | unknown, source?: string): RolloutPlan {
  return checkPlan(input, source).plan;
}

/** `validatePlan`, also handing back inline health-check functions. */
export function checkPlan(input: PlanInput | unknown, source?: string): CheckedPlan {
  const issues = new Issues();
  const inlineChecks: InlineChecks = new Map();
  const root = issues.object(input, '$');
  if (root === undefined) throw new InvalidPlanError(issues.list, source);
  if (Array.isArray(root.flags) && root.flag === undefined && root.strategy === undefined) {
    // The most common mix-up: `rollout validate flags.yaml`.
    issues.add(
      '$',
      'this is a flags file (it lists `flags`), not a rollout plan: a plan names one `flag` and a `strategy` (docs/plans.md)',
    );
    throw new InvalidPlanError(issues.list, source);
  }
  issues.knownKeys(root, PLAN_KEYS, '');

  const id = root.id === undefined ? undefined : issues.string(root.id, 'id');
  if (id !== undefined && !ID.test(id)) {
    issues.add(
      'id',
      `must be 1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit, got ${describeValue(id)}`,
    );
  }
  const flag = issues.string(root.flag, 'flag') ?? '';
  const stable = root.stable === undefined ? 'stable' : (issues.string(root.stable, 'stable') ?? 'stable');
  const canary = root.canary === undefined ? 'canary' : (issues.string(root.canary, 'canary') ?? 'canary');
  if (stable === canary) issues.add('canary', `must differ from stable (both are "${stable}")`);
  const description =
    root.description === undefined ? undefined : issues.string(root.description, 'description');

  const strategy = strategyOf(root, issues);
  const analysis = checkAnalysis(root.analysis, issues);
  const steps = strategy === undefined ? [] : stepsOf(strategy, root, { issues, ...analysis.judge });
  const plan: RolloutPlan = {
    flag,
    stable,
    canary,
    strategy: strategy ?? 'canary',
    steps,
    analysis: analysis.controller,
    gates: checkGates(root.gates, issues, inlineChecks),
    notifications: checkNotifications(root.notifications, issues),
  };
  if (id !== undefined) plan.id = id;
  if (description !== undefined) plan.description = description;
  if (issues.list.length > 0) throw new InvalidPlanError(issues.list, source);
  return { plan, inlineChecks };
}

function strategyOf(root: PlainObject, issues: Issues): StrategyName | undefined {
  const strategy = root.strategy;
  if (!STRATEGIES.includes(strategy as StrategyName)) {
    issues.add(
      'strategy',
      strategy === undefined
        ? `is required: one of ${STRATEGIES.join(', ')}`
        : `must be one of ${STRATEGIES.join(', ')}, got ${describeValue(strategy)}`,
    );
    return undefined;
  }
  const settingsKey = strategy === 'canary' ? 'steps' : (strategy as string);
  for (const key of ['steps', 'linear', 'exponential', 'blueGreen']) {
    if (key !== settingsKey && root[key] !== undefined) {
      issues.add(key, `belongs to another strategy; strategy ${strategy} takes ${settingsKey}`);
    }
  }
  if (root[settingsKey] === undefined) issues.add(settingsKey, `is required for strategy ${strategy}`);
  return strategy as StrategyName;
}

function stepsOf(strategy: StrategyName, root: PlainObject, context: StepContext): PlanStep[] {
  switch (strategy) {
    case 'canary':
      return root.steps === undefined ? [] : canarySteps(root.steps, context);
    case 'linear':
      return root.linear === undefined ? [] : linearSteps(root.linear, context);
    case 'exponential':
      return root.exponential === undefined ? [] : exponentialSteps(root.exponential, context);
    case 'blueGreen':
      return root.blueGreen === undefined ? [] : blueGreenSteps(root.blueGreen, context);
  }
}

function checkAnalysis(
  value: unknown,
  issues: Issues,
): { controller: RolloutPlan['analysis']; judge: Omit<StepContext, 'issues'> } {
  const controller: RolloutPlan['analysis'] = {
    intervalMs: 60_000,
    staleAfterMs: defaultStaleAfterMs(60_000),
    noData: { deadlineMs: 30 * 60_000, action: 'pause' },
  };
  const input = value === undefined ? {} : issues.object(value, 'analysis');
  if (input === undefined) return { controller, judge: { analysis: {}, resolved: undefined } };
  if (input.interval !== undefined) {
    controller.intervalMs =
      issues.duration(input.interval, 'analysis.interval', { positive: true }) ?? controller.intervalMs;
  }
  controller.staleAfterMs =
    input.staleAfter === undefined
      ? defaultStaleAfterMs(controller.intervalMs)
      : (issues.duration(input.staleAfter, 'analysis.staleAfter', { positive: true }) ??
        defaultStaleAfterMs(controller.intervalMs));
  if (input.noData !== undefined) {
    const noData = issues.object(input.noData, 'analysis.noData');
    if (noData !== undefined) {
      issues.knownKeys(noData, ['deadline', 'action'], 'analysis.noData');
      if (noData.deadline !== undefined) {
        controller.noData.deadlineMs =
          issues.duration(noData.deadline, 'analysis.noData.deadline', { positive: false }) ??
          controller.noData.deadlineMs;
      }
      if (noData.action !== undefined) {
        if (NO_DATA_ACTIONS.includes(noData.action as NoDataAction))
          controller.noData.action = noData.action as NoDataAction;
        else
          issues.add(
            'analysis.noData.action',
            `must be one of ${NO_DATA_ACTIONS.join(', ')}, got ${describeValue(noData.action)}`,
          );
      }
    }
  }
  if (input.source !== undefined) {
    const source = checkMetricsSource(input.source, 'analysis.source', issues);
    if (source !== undefined) controller.source = source;
  }
  const judge: PlainObject = {};
  for (const [key, setting] of Object.entries(input))
    if (!CONTROLLER_ANALYSIS_KEYS.includes(key)) judge[key] = setting;
  return { controller, judge: { analysis: judge, resolved: resolveAnalysis(judge, 'analysis', issues) } };
}

/**
 * The steps a plan runs through: canary steps as written, linear and exponential ramps expanded,
 * blue-green as its single switch; always ending at 100%.
 * @throws InvalidPlanError as `validatePlan`
 */
export function expandPlan(plan: PlanInput | unknown): PlanStep[] {
  return validatePlan(plan).steps;
}
