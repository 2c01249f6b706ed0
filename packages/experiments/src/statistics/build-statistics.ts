import type { ExperimentDefinition } from '../model/experiment-definition.js';
import type { MetricDefinition } from '../model/metric-definition.js';
import { percentile } from './percentile.js';
import type { ArmStatistics, ExperimentStatistics, MetricSums } from './sufficient-statistics.js';

/** One metric of one unit: its value, and for ratio metrics the denominator, for CUPED the covariate. */
export interface MetricObservation {
  /** y: 0 or 1 (binomial), the per-unit sum (mean), the numerator (ratio). */
  value: number;
  /** x, ratio metrics: the per-unit denominator. @default 0 */
  denominator?: number;
  /** z, metrics with CUPED: the pre-exposure covariate. @default 0 */
  covariate?: number;
}

/** One exposed unit: its arm and what it did. Metrics it has no entry for count as 0. */
export interface UnitObservation {
  arm: string;
  /** By metric key; a number is shorthand for `{ value }`. */
  metrics: Record<string, MetricObservation | number>;
}

/**
 * Sufficient statistics from per-unit values: the memory path, tests and simulations. Percentile caps
 * are computed from the values pooled over every arm (a cap per arm would treat the arms differently),
 * by linear interpolation as SQL's PERCENTILE_CONT does; then every value above its cap counts as the
 * cap. Units of arms the experiment does not list are ignored.
 */
export function buildStatistics(
  definition: Pick<ExperimentDefinition, 'arms' | 'metrics'>,
  units: Iterable<UnitObservation>,
): ExperimentStatistics {
  const list = Array.isArray(units) ? (units as UnitObservation[]) : [...units];
  const known = new Set(definition.arms.map((arm) => arm.key));
  const exposed = list.filter((unit) => known.has(unit.arm));
  const caps = new Map<string, number>();
  for (const metric of definition.metrics) {
    const cap = capFor(metric, exposed);
    if (cap !== undefined) caps.set(metric.key, cap);
  }
  const arms: Record<string, ArmStatistics> = {};
  for (const arm of definition.arms) {
    const metrics: Record<string, MetricSums> = {};
    for (const metric of definition.metrics) metrics[metric.key] = emptySums(metric, caps.get(metric.key));
    arms[arm.key] = { units: 0, metrics };
  }
  for (const unit of exposed) {
    const arm = arms[unit.arm]!;
    arm.units += 1;
    for (const metric of definition.metrics) {
      const observation = observe(unit, metric.key);
      const cap = caps.get(metric.key);
      const y = cap === undefined ? observation.value : Math.min(observation.value, cap);
      addUnit(arm.metrics[metric.key]!, y, observation.denominator ?? 0, observation.covariate ?? 0);
    }
  }
  return { arms };
}

function observe(unit: UnitObservation, key: string): MetricObservation {
  const entry = unit.metrics[key];
  if (entry === undefined) return { value: 0 };
  return typeof entry === 'number' ? { value: entry } : entry;
}

function capFor(metric: MetricDefinition, units: readonly UnitObservation[]): number | undefined {
  if (metric.cap === undefined) return undefined;
  if ('value' in metric.cap) return metric.cap.value;
  const values = units.map((unit) => observe(unit, metric.key).value);
  return values.length === 0 ? 0 : percentile(values, metric.cap.percentile);
}

function emptySums(metric: MetricDefinition, cap: number | undefined): MetricSums {
  const sums: MetricSums = { n: 0, sum: 0, sumSquares: 0 };
  if (cap !== undefined) sums.cappedAt = cap;
  if (metric.kind === 'ratio') sums.denominator = { sum: 0, sumSquares: 0, crossSum: 0 };
  if (metric.cuped !== undefined) {
    sums.covariate = { sum: 0, sumSquares: 0, crossSum: 0 };
    if (metric.kind === 'ratio') sums.covariate.denominatorCrossSum = 0;
  }
  return sums;
}

function addUnit(sums: MetricSums, y: number, x: number, z: number): void {
  sums.n += 1;
  sums.sum += y;
  sums.sumSquares += y * y;
  if (sums.denominator !== undefined) {
    sums.denominator.sum += x;
    sums.denominator.sumSquares += x * x;
    sums.denominator.crossSum += x * y;
  }
  if (sums.covariate !== undefined) {
    sums.covariate.sum += z;
    sums.covariate.sumSquares += z * z;
    sums.covariate.crossSum += y * z;
    if (sums.covariate.denominatorCrossSum !== undefined) sums.covariate.denominatorCrossSum += x * z;
  }
}
