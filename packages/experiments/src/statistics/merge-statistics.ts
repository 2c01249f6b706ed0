import { InvalidStatisticsError } from '../errors.js';
import type {
  ArmStatistics,
  DenominatorSums,
  ExperimentStatistics,
  MetricSums,
} from './sufficient-statistics.js';

/**
 * Adds two sets of sufficient statistics (two shards, two processes, two days of a warehouse table):
 * every count and sum is added, arm by arm and metric by metric; an arm or metric present in one only
 * is kept as it is. Associative and commutative (exactly so while the sums are whole numbers below
 * 2⁵³), so any number of parts merge in any order. Neither argument is modified.
 * @throws InvalidStatisticsError when the parts do not fit: a metric capped at different values (a
 *   percentile cap must be computed once, over all the data, before summing), or summed with a
 *   denominator or covariate in one part and without in the other
 */
export function mergeStatistics(a: ExperimentStatistics, b: ExperimentStatistics): ExperimentStatistics {
  const issues: { path: string; message: string }[] = [];
  const arms: Record<string, ArmStatistics> = {};
  for (const key of new Set([...Object.keys(a.arms), ...Object.keys(b.arms)])) {
    const left = a.arms[key];
    const right = b.arms[key];
    if (left === undefined || right === undefined) {
      arms[key] = structuredClone((left ?? right)!);
      continue;
    }
    const metrics: Record<string, MetricSums> = {};
    for (const metric of new Set([...Object.keys(left.metrics), ...Object.keys(right.metrics)])) {
      const l = left.metrics[metric];
      const r = right.metrics[metric];
      const path = `arms.${key}.metrics.${metric}`;
      metrics[metric] =
        l === undefined || r === undefined ? structuredClone((l ?? r)!) : mergeSums(l, r, path, issues);
    }
    arms[key] = { units: left.units + right.units, metrics };
  }
  if (issues.length > 0) throw new InvalidStatisticsError(issues);
  return { arms };
}

function mergeSums(
  a: MetricSums,
  b: MetricSums,
  path: string,
  issues: { path: string; message: string }[],
): MetricSums {
  const merged: MetricSums = { n: a.n + b.n, sum: a.sum + b.sum, sumSquares: a.sumSquares + b.sumSquares };
  if (a.cappedAt !== b.cappedAt) {
    issues.push({
      path: `${path}.cappedAt`,
      message: `the parts were capped at ${a.cappedAt ?? 'no cap'} and ${b.cappedAt ?? 'no cap'}; compute the cap once over all the data, then sum`,
    });
  } else if (a.cappedAt !== undefined) {
    merged.cappedAt = a.cappedAt;
  }
  if ((a.denominator === undefined) !== (b.denominator === undefined)) {
    issues.push({ path: `${path}.denominator`, message: 'present in one part only' });
  } else if (a.denominator !== undefined && b.denominator !== undefined) {
    merged.denominator = addSecondVariable(a.denominator, b.denominator);
  }
  if ((a.covariate === undefined) !== (b.covariate === undefined)) {
    issues.push({ path: `${path}.covariate`, message: 'present in one part only' });
  } else if (a.covariate !== undefined && b.covariate !== undefined) {
    merged.covariate = addSecondVariable(a.covariate, b.covariate);
    const left = a.covariate.denominatorCrossSum;
    const right = b.covariate.denominatorCrossSum;
    if ((left === undefined) !== (right === undefined)) {
      issues.push({ path: `${path}.covariate.denominatorCrossSum`, message: 'present in one part only' });
    } else if (left !== undefined && right !== undefined) {
      merged.covariate.denominatorCrossSum = left + right;
    }
  }
  return merged;
}

/** The sums a denominator and a covariate share, added; the covariate's extra cross sum is the caller's. */
function addSecondVariable(a: DenominatorSums, b: DenominatorSums): DenominatorSums {
  return { sum: a.sum + b.sum, sumSquares: a.sumSquares + b.sumSquares, crossSum: a.crossSum + b.crossSum };
}
