import { childPath, describeValue, type IssueList } from '@rampkit/core/validation';

/**
 * - `binomial`: did the unit convert at least once (each unit contributes 0 or 1);
 * - `mean`: a per-unit sum such as revenue, averaged over units;
 * - `ratio`: a per-unit numerator over a per-unit denominator (clicks per session), summed over units
 *   first and analysed with the delta method.
 */
export type MetricKind = 'binomial' | 'mean' | 'ratio';

/** Which way is good. */
export type MetricDirection = 'higherIsBetter' | 'lowerIsBetter';

/**
 * - `goal`: what the experiment tries to move; tested two-sided, corrected across arms × goals (Holm);
 * - `guardrail`: what must not get worse; tested one-sided for harm, each at the experiment's α.
 */
export type MetricRole = 'goal' | 'guardrail';

/**
 * Winsorizing: per-unit values (a ratio's numerator) above the cap count as the cap. The caller caps
 * before summing, so the sufficient statistics say which cap they were built with (`cappedAt`).
 * - `{ value }`: a fixed cap, in the metric's units;
 * - `{ percentile }`: the given percentile (0–100, e.g. 99) of the per-unit values pooled over all arms,
 *   computed by whoever builds the statistics (`buildStatistics` does it from per-unit values; a
 *   warehouse with PERCENTILE_CONT; a tracker from a stored quantile sketch).
 */
export type MetricCap = { value: number } | { percentile: number };

/** CUPED (Deng, Xu, Kohavi, Walker 2013) with one pre-exposure covariate per unit. */
export interface CupedSettings {
  /**
   * Where the covariate comes from: `prePeriod`, the same metric over a window before exposure
   * (collected by the tracker); `supplied`, a per-unit value the caller provides. The engine treats both
   * alike; the name tells the pipeline which to collect.
   */
  covariate: 'prePeriod' | 'supplied';
}

/** A metric as written in an experiment definition. */
export interface MetricInput {
  /** Names the metric in results and in the sufficient statistics. */
  key: string;
  /** What a unit contributes: see `MetricKind`. */
  kind: MetricKind;
  /**
   * Which way is good.
   * @default 'higherIsBetter'
   */
  direction?: MetricDirection;
  /**
   * Goal or guardrail.
   * @default 'goal'
   */
  role?: MetricRole;
  /**
   * Winsorize per-unit values (not for binomial metrics).
   * @default no cap
   */
  cap?: MetricCap;
  /**
   * Variance reduction with a pre-exposure covariate; the statistics must then carry `covariate` sums.
   * @default no adjustment
   */
  cuped?: CupedSettings;
  /**
   * The smallest relative lift worth detecting for this metric (0.05 = 5%): plans its sample size and
   * tunes the sequential test.
   * @default the experiment's `minimumDetectableEffect`
   */
  minimumDetectableEffect?: number;
  /**
   * Guardrails only: the relative harm tolerated before the guardrail fails (0.01 = 1% worse).
   * @default 0
   */
  tolerance?: number;
}

/** A validated metric with every default filled in. */
export interface MetricDefinition {
  key: string;
  kind: MetricKind;
  direction: MetricDirection;
  role: MetricRole;
  cap?: MetricCap;
  cuped?: CupedSettings;
  minimumDetectableEffect: number;
  tolerance: number;
}

export const METRIC_KINDS: readonly MetricKind[] = ['binomial', 'mean', 'ratio'];
const DIRECTIONS: readonly MetricDirection[] = ['higherIsBetter', 'lowerIsBetter'];
const ROLES: readonly MetricRole[] = ['goal', 'guardrail'];
const METRIC_KEYS = [
  'key',
  'kind',
  'direction',
  'role',
  'cap',
  'cuped',
  'minimumDetectableEffect',
  'tolerance',
];
const KEY = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** Checks one metric at `path` (e.g. `metrics[2]`), adding every problem to `issues`. */
export function checkMetric(
  value: unknown,
  path: string,
  issues: IssueList,
  defaults: { minimumDetectableEffect: number },
): MetricDefinition | undefined {
  const input = issues.object(value, path);
  if (input === undefined) return undefined;
  const before = issues.list.length;
  issues.knownKeys(input, METRIC_KEYS, path);
  const key = checkKey(input.key, childPath(path, 'key'), issues);
  const kind = issues.oneOf(input.kind, childPath(path, 'kind'), METRIC_KINDS);
  const direction =
    input.direction === undefined
      ? 'higherIsBetter'
      : issues.oneOf(input.direction, childPath(path, 'direction'), DIRECTIONS);
  const role = input.role === undefined ? 'goal' : issues.oneOf(input.role, childPath(path, 'role'), ROLES);
  const cap = input.cap === undefined ? undefined : checkCap(input.cap, childPath(path, 'cap'), issues);
  if (input.cap !== undefined && kind === 'binomial') {
    issues.add(childPath(path, 'cap'), 'a binomial metric is 0 or 1 per unit and cannot be capped');
  }
  const cuped =
    input.cuped === undefined ? undefined : checkCuped(input.cuped, childPath(path, 'cuped'), issues);
  const minimumDetectableEffect =
    input.minimumDetectableEffect === undefined
      ? defaults.minimumDetectableEffect
      : issues.number(input.minimumDetectableEffect, childPath(path, 'minimumDetectableEffect'), {
          min: 0,
          minExclusive: true,
        });
  let tolerance: number | undefined = 0;
  if (input.tolerance !== undefined) {
    tolerance = issues.number(input.tolerance, childPath(path, 'tolerance'), { min: 0 });
    if (role === 'goal' && input.tolerance !== 0)
      issues.add(childPath(path, 'tolerance'), 'only a guardrail has a tolerance');
  }
  if (issues.list.length > before) return undefined;
  const metric: MetricDefinition = {
    key: key!,
    kind: kind!,
    direction: direction!,
    role: role!,
    minimumDetectableEffect: minimumDetectableEffect!,
    tolerance: tolerance!,
  };
  if (cap !== undefined) metric.cap = cap;
  if (cuped !== undefined) metric.cuped = cuped;
  return metric;
}

export function checkKey(value: unknown, path: string, issues: IssueList): string | undefined {
  const key = issues.string(value, path);
  if (key !== undefined && !KEY.test(key)) {
    issues.add(
      path,
      `must be 1 to 128 letters, digits, '.', '_', ':' or '-', starting with a letter or digit, got ${describeValue(key)}`,
    );
    return undefined;
  }
  return key;
}

function checkCap(value: unknown, path: string, issues: IssueList): MetricCap | undefined {
  const cap = issues.object(value, path);
  if (cap === undefined) return undefined;
  issues.knownKeys(cap, ['value', 'percentile'], path);
  if ((cap.value === undefined) === (cap.percentile === undefined)) {
    issues.add(path, 'must have exactly one of value (a fixed cap) or percentile (0–100, e.g. 99)');
    return undefined;
  }
  if (cap.value !== undefined) {
    const fixed = issues.number(cap.value, childPath(path, 'value'));
    return fixed === undefined ? undefined : { value: fixed };
  }
  const percentile = issues.number(cap.percentile, childPath(path, 'percentile'), {
    min: 0,
    max: 100,
    minExclusive: true,
    maxExclusive: true,
  });
  return percentile === undefined ? undefined : { percentile };
}

function checkCuped(value: unknown, path: string, issues: IssueList): CupedSettings | undefined {
  const cuped = issues.object(value, path);
  if (cuped === undefined) return undefined;
  issues.knownKeys(cuped, ['covariate'], path);
  const covariate = issues.oneOf(cuped.covariate, childPath(path, 'covariate'), [
    'prePeriod',
    'supplied',
  ] as const);
  return covariate === undefined ? undefined : { covariate };
}
