import type { ExperimentUnitRow } from '@rampkit/core';
import { InvalidStatisticsError } from '../errors.js';
import type { ExperimentDefinition } from '../model/experiment-definition.js';
import type { MetricObservation, UnitObservation } from './build-statistics.js';

/** How tracked metrics map onto an experiment's metrics. */
export interface TrackedUnitsOptions {
  /**
   * Ratio metrics: the tracked metric whose per-unit sum is the denominator, by the ratio metric's
   * key (sessions for clicks per session). The numerator is the ratio metric's own tracked sum.
   * @default none: every ratio metric must be given one
   */
  denominators?: Record<string, string>;
}

/**
 * Units as `buildStatistics` takes them, from the rows a store's `readExperimentUnits` returns
 * (docs/experiments.md, "Tracking"). Per unit and metric: a binomial metric is 1 when the unit has
 * at least one event, a mean metric the sum of its values, a ratio metric that sum over the
 * denominator metric's sum. Units with no event of a metric count with 0.
 * @throws InvalidStatisticsError when a ratio metric has no denominator in `options.denominators`
 */
export function unitsFromTracking(
  definition: Pick<ExperimentDefinition, 'metrics'>,
  rows: Iterable<Pick<ExperimentUnitRow, 'arm' | 'metrics'>>,
  options: TrackedUnitsOptions = {},
): UnitObservation[] {
  const denominators = options.denominators ?? {};
  const missing = definition.metrics.filter(
    (metric) => metric.kind === 'ratio' && typeof denominators[metric.key] !== 'string',
  );
  if (missing.length > 0) {
    throw new InvalidStatisticsError(
      missing.map((metric) => ({
        path: `denominators.${metric.key}`,
        message: 'a ratio metric needs the tracked metric that is its denominator',
      })),
    );
  }
  const units: UnitObservation[] = [];
  for (const row of rows) {
    const metrics: Record<string, MetricObservation | number> = {};
    for (const metric of definition.metrics) {
      const totals = row.metrics[metric.key];
      if (metric.kind === 'binomial') metrics[metric.key] = totals !== undefined && totals.count > 0 ? 1 : 0;
      else if (metric.kind === 'mean') metrics[metric.key] = totals?.sum ?? 0;
      else {
        const denominator = row.metrics[denominators[metric.key]!]?.sum ?? 0;
        metrics[metric.key] = { value: totals?.sum ?? 0, denominator };
      }
    }
    units.push({ arm: row.arm, metrics });
  }
  return units;
}
