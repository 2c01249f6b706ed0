import {
  type ArmStatistics,
  type ExperimentDefinition,
  type ExperimentInput,
  type ExperimentStatistics,
  type MetricDefinition,
  type MetricSums,
  validateExperiment,
} from '@rampkit/experiments';
import type pg from 'pg';
import { type Names, render } from '../connection.js';
import { InvalidWarehouseOptionsError } from '../errors.js';
import { bindNamed } from '../sql/named-parameters.js';
import { METRIC_STATISTICS_SQL } from '../sql/templates.js';

/** Which events make a metric's values. */
export interface MetricEvents {
  /**
   * The event whose values make y: the metric's own value, a ratio's numerator.
   * @default the metric's key
   */
  event?: string;
  /** Ratio metrics: the event whose values make the denominator x (required for them). */
  denominator?: string;
}

/** What to read. */
export interface ReadStatisticsOptions {
  /** Units first exposed from this instant on count. */
  from: Date;
  /** Units first exposed before this instant count, and their events before it. */
  to: Date;
  /**
   * The CUPED pre-period: metrics with `cuped: { covariate: 'prePeriod' }` take z from the same
   * event in [from, to), before each unit's exposure. Usually the weeks before the experiment started.
   * Metrics with `cuped: { covariate: 'supplied' }` take z from the covariates the sink recorded
   * (`recordCovariate`) instead, and do not need it.
   */
  prePeriod?: { from: Date; to: Date };
  /** By metric key, the events each metric reads. @default each metric reads the event named by its key */
  events?: Record<string, MetricEvents>;
}

interface SumsRow {
  arm: string;
  n: string | number;
  sum: number;
  sum_squares: number;
  denominator_sum: number;
  denominator_sum_squares: number;
  denominator_cross_sum: number;
  covariate_sum: number;
  covariate_sum_squares: number;
  covariate_cross_sum: number;
  covariate_denominator_cross_sum: number;
  capped_at: number | null;
}

/**
 * Computes an experiment's sufficient statistics in the database with sql/metric-statistics.sql, one
 * query per metric. Every arm of the definition is present (zeros when it has no unit); units in
 * arms the definition does not list are left out, as `buildStatistics` does.
 * @throws InvalidExperimentError for a definition that does not validate
 * A percentile cap is computed in the same query, over every exposed unit of the listed arms, and
 * returned as `cappedAt`; a supplied covariate is read from the covariates table.
 * @throws InvalidWarehouseOptionsError for what the warehouse cannot compute: a ratio metric without
 *   a denominator event, a metric with `cuped: { covariate: 'prePeriod' }` without prePeriod
 */
export async function readStatistics(
  pool: pg.Pool,
  names: Names,
  input: ExperimentInput | ExperimentDefinition,
  options: ReadStatisticsOptions,
): Promise<ExperimentStatistics> {
  const definition = validateExperiment(input);
  checkWindow(options.from, options.to, 'from/to');
  if (options.prePeriod !== undefined) checkWindow(options.prePeriod.from, options.prePeriod.to, 'prePeriod');
  const plans = definition.metrics.map((metric) => planMetric(metric, options));
  const sql = render(METRIC_STATISTICS_SQL, names);
  const arms: Record<string, ArmStatistics> = {};
  for (const arm of definition.arms) arms[arm.key] = { units: 0, metrics: {} };
  // Arm keys have no spaces (validateExperiment), so spaces delimit them.
  const armList = ` ${definition.arms.map((arm) => arm.key).join(' ')} `;
  for (const [i, metric] of definition.metrics.entries()) {
    const { text, values } = bindNamed(sql, {
      experiment: definition.key,
      arms: armList,
      from: options.from,
      to: options.to,
      ...plans[i],
    });
    const { rows } = await pool.query<SumsRow>(text, values);
    const byArm = new Map(rows.map((row) => [row.arm, row]));
    const cap = cappedAt(plans[i]!, rows);
    for (const arm of definition.arms) {
      const row = byArm.get(arm.key);
      const sums = toSums(metric, row, cap);
      arms[arm.key]!.metrics[metric.key] = sums;
      arms[arm.key]!.units = sums.n;
    }
  }
  return { arms };
}

interface MetricPlan {
  metric: string;
  denominator: string | null;
  binomial: number;
  cap: number | null;
  cap_fraction: number | null;
  pre_from: Date | null;
  pre_to: Date | null;
  covariate_metric: string | null;
}

function planMetric(metric: MetricDefinition, options: ReadStatisticsOptions): MetricPlan {
  const where = `metrics "${metric.key}"`;
  const events = options.events?.[metric.key];
  const denominator = metric.kind === 'ratio' ? (events?.denominator ?? null) : null;
  if (metric.kind === 'ratio' && denominator === null) {
    throw new InvalidWarehouseOptionsError(
      `events["${metric.key}"].denominator: a ratio metric needs the event its denominator sums`,
    );
  }
  let pre: { from: Date; to: Date } | undefined;
  if (metric.cuped?.covariate === 'prePeriod') {
    if (options.prePeriod === undefined) {
      throw new InvalidWarehouseOptionsError(`prePeriod: ${where} uses CUPED and needs a pre-period`);
    }
    pre = options.prePeriod;
  }
  return {
    metric: events?.event ?? metric.key,
    denominator,
    binomial: metric.kind === 'binomial' ? 1 : 0,
    cap: metric.cap !== undefined && 'value' in metric.cap ? metric.cap.value : null,
    // PERCENTILE_CONT takes a fraction; its position (n − 1)·p/100 interpolates as percentile() does.
    cap_fraction: metric.cap !== undefined && 'percentile' in metric.cap ? metric.cap.percentile / 100 : null,
    pre_from: pre?.from ?? null,
    pre_to: pre?.to ?? null,
    covariate_metric: metric.cuped?.covariate === 'supplied' ? metric.key : null,
  };
}

/** The cap the sums were built with: the fixed one, or the percentile the query computed (0 for no unit). */
function cappedAt(plan: MetricPlan, rows: readonly SumsRow[]): number | null {
  if (plan.cap_fraction === null) return plan.cap;
  const computed = rows[0]?.capped_at;
  return computed === undefined || computed === null ? 0 : Number(computed);
}

function checkWindow(from: unknown, to: unknown, option: string): void {
  const valid = (d: unknown) => d instanceof Date && !Number.isNaN(d.getTime());
  if (!valid(from) || !valid(to) || (from as Date) >= (to as Date)) {
    throw new InvalidWarehouseOptionsError(`${option}: must be two valid Dates with from before to`);
  }
}

function toSums(metric: MetricDefinition, row: SumsRow | undefined, cap: number | null): MetricSums {
  const value = (key: Exclude<keyof SumsRow, 'arm'>) => (row === undefined ? 0 : Number(row[key]));
  const sums: MetricSums = { n: value('n'), sum: value('sum'), sumSquares: value('sum_squares') };
  if (cap !== null) sums.cappedAt = cap;
  if (metric.kind === 'ratio') {
    sums.denominator = {
      sum: value('denominator_sum'),
      sumSquares: value('denominator_sum_squares'),
      crossSum: value('denominator_cross_sum'),
    };
  }
  if (metric.cuped !== undefined) {
    sums.covariate = {
      sum: value('covariate_sum'),
      sumSquares: value('covariate_sum_squares'),
      crossSum: value('covariate_cross_sum'),
    };
    if (metric.kind === 'ratio')
      sums.covariate.denominatorCrossSum = value('covariate_denominator_cross_sum');
  }
  return sums;
}
