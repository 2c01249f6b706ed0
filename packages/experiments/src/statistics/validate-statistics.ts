import type { ValidationIssue } from '@rampkit/core';
import { describeValue } from '@rampkit/core/validation';
import { InvalidStatisticsError } from '../errors.js';
import type { ExperimentDefinition } from '../model/experiment-definition.js';
import type { MetricDefinition } from '../model/metric-definition.js';
import type { ExperimentStatistics } from './sufficient-statistics.js';

/*
 * Sufficient statistics come from stores and warehouses, so they are checked before any arithmetic:
 * a sum of squares below (Σy)²/n, a binomial count above its units or a cap that is not the
 * definition's would otherwise turn into a confident, wrong interval. Sums of squares may sit a
 * rounding error below their bound (they are summed in floating point), hence the relative slack.
 */

const SLACK = 1e-9;

/**
 * Checks the statistics against the experiment: every arm and metric present, counts whole and
 * nonnegative, sums finite and possible, the shape each metric needs (ratio: `denominator`; CUPED:
 * `covariate`), caps as defined and the same in every arm.
 * @throws InvalidStatisticsError listing every problem (`arms.treatment.metrics.revenue.sumSquares: …`)
 */
export function validateStatistics(definition: ExperimentDefinition, stats: ExperimentStatistics): void {
  const issues: ValidationIssue[] = [];
  const add = (path: string, message: string): void => {
    issues.push({ path, message });
  };
  if (typeof stats !== 'object' || stats === null || typeof stats.arms !== 'object' || stats.arms === null) {
    throw new InvalidStatisticsError([{ path: 'arms', message: 'must be an object of arms by key' }]);
  }
  const armKeys = new Set(definition.arms.map((arm) => arm.key));
  for (const key of Object.keys(stats.arms)) {
    if (!armKeys.has(key)) add(`arms.${key}`, `is not an arm of experiment "${definition.key}"`);
  }
  const caps = new Map<string, number | undefined>();
  for (const arm of definition.arms) {
    const path = `arms.${arm.key}`;
    const armStats = stats.arms[arm.key];
    if (armStats === undefined || armStats === null || typeof armStats !== 'object') {
      add(path, 'missing: every arm needs its statistics (zeros before any unit is exposed)');
      continue;
    }
    checkCount(armStats.units, `${path}.units`, add);
    for (const metric of definition.metrics) {
      const metricPath = `${path}.metrics.${metric.key}`;
      const sums = armStats.metrics?.[metric.key];
      if (sums === undefined || sums === null || typeof sums !== 'object') {
        add(metricPath, 'missing');
        continue;
      }
      checkMetricSums(metric, sums as unknown as Record<string, unknown>, metricPath, add);
      if (metric.cap !== undefined && typeof sums.cappedAt === 'number') {
        const seen = caps.get(metric.key);
        if (caps.has(metric.key) && seen !== sums.cappedAt) {
          add(
            `${metricPath}.cappedAt`,
            `is ${sums.cappedAt} but another arm was capped at ${seen}; every arm needs the same cap`,
          );
        }
        caps.set(metric.key, sums.cappedAt);
      }
    }
  }
  if (issues.length > 0) throw new InvalidStatisticsError(issues);
}

type Add = (path: string, message: string) => void;

function checkMetricSums(
  metric: MetricDefinition,
  sums: Record<string, unknown>,
  path: string,
  add: Add,
): void {
  const n = checkCount(sums.n, `${path}.n`, add);
  const sum = checkFinite(sums.sum, `${path}.sum`, add);
  const sumSquares = checkFinite(sums.sumSquares, `${path}.sumSquares`, add);
  if (n !== undefined && sum !== undefined && sumSquares !== undefined) {
    checkSquares(n, sum, sumSquares, `${path}.sumSquares`, add);
    if (metric.kind === 'binomial') {
      if (sum < 0 || sum > n || !Number.isInteger(sum)) {
        add(
          `${path}.sum`,
          `a binomial metric counts converted units: a whole number from 0 to n = ${n}, got ${sum}`,
        );
      } else if (sumSquares !== sum) {
        add(
          `${path}.sumSquares`,
          `a binomial metric is 0 or 1 per unit, so Σy² = Σy = ${sum}, got ${sumSquares}`,
        );
      }
    }
  }
  if (metric.cap === undefined && sums.cappedAt !== undefined) {
    add(
      `${path}.cappedAt`,
      `the metric has no cap, but the statistics were capped at ${String(sums.cappedAt)}`,
    );
  } else if (metric.cap !== undefined) {
    const capped =
      sums.cappedAt === undefined ? undefined : checkFinite(sums.cappedAt, `${path}.cappedAt`, add);
    if (sums.cappedAt === undefined) {
      add(`${path}.cappedAt`, 'missing: the metric is capped, so the statistics must say at which value');
    } else if ('value' in metric.cap && capped !== undefined && capped !== metric.cap.value) {
      add(`${path}.cappedAt`, `must be the definition's cap ${metric.cap.value}, got ${capped}`);
    }
  }
  if (metric.kind === 'ratio') {
    const denominator = sums.denominator as Record<string, unknown> | undefined;
    if (typeof denominator !== 'object' || denominator === null) {
      add(`${path}.denominator`, 'missing: a ratio metric needs the sums of its denominator');
    } else {
      checkSecondVariable(denominator, `${path}.denominator`, n, add);
    }
  } else if (sums.denominator !== undefined) {
    add(`${path}.denominator`, `only a ratio metric has a denominator; this one is ${metric.kind}`);
  }
  if (metric.cuped !== undefined) {
    const covariate = sums.covariate as Record<string, unknown> | undefined;
    if (typeof covariate !== 'object' || covariate === null) {
      add(`${path}.covariate`, 'missing: the metric asks for CUPED, which needs the covariate sums');
    } else {
      checkSecondVariable(covariate, `${path}.covariate`, n, add);
      if (metric.kind === 'ratio')
        checkFinite(covariate.denominatorCrossSum, `${path}.covariate.denominatorCrossSum`, add);
    }
  }
}

/**
 * The sums of a second variable beside the metric's own (a ratio's denominator, CUPED's covariate):
 * its sum, sum of squares and cross sum with the metric, the squares consistent with the sum.
 */
function checkSecondVariable(
  sums: Record<string, unknown>,
  path: string,
  n: number | undefined,
  add: Add,
): void {
  const sum = checkFinite(sums.sum, `${path}.sum`, add);
  const squares = checkFinite(sums.sumSquares, `${path}.sumSquares`, add);
  checkFinite(sums.crossSum, `${path}.crossSum`, add);
  if (n !== undefined && sum !== undefined && squares !== undefined) {
    checkSquares(n, sum, squares, `${path}.sumSquares`, add);
  }
}

function checkCount(value: unknown, path: string, add: Add): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  add(path, `must be a whole number of units, 0 or more, got ${describeValue(value)}`);
  return undefined;
}

function checkFinite(value: unknown, path: string, add: Add): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  add(path, `must be a finite number, got ${describeValue(value)}`);
  return undefined;
}

/** n Σy² ≥ (Σy)² (Cauchy–Schwarz), up to rounding; and nothing summed over no units. */
function checkSquares(n: number, sum: number, sumSquares: number, path: string, add: Add): void {
  if (n === 0 && (sum !== 0 || sumSquares !== 0)) {
    add(path, 'sums over no units must be 0');
  } else if (n > 0 && n * sumSquares < sum * sum * (1 - SLACK) - SLACK) {
    add(path, `is below (Σ)²/n = ${(sum * sum) / n}, which no real data can give`);
  }
}
