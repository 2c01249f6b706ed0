import {
  type ExperimentDefinition,
  type ExperimentInput,
  validateExperiment,
} from '../model/experiment-definition.js';
import { holmAdjust } from '../numerics/holm.js';
import { checkSampleRatio } from '../srm/check-srm.js';
import type { ExperimentStatistics } from '../statistics/sufficient-statistics.js';
import { validateStatistics } from '../statistics/validate-statistics.js';
import { armSummary, type CompareContext, type ComparisonWork, compareArm } from './compare-arm.js';
import { decide } from './decide.js';
import { readingFor } from './reading.js';
import type { ExperimentResult, MetricResult } from './result.js';

/** Options of one read. */
export interface AnalyzeOptions {
  /**
   * Units exposed per day, all arms together, to turn the units still needed into days.
   * @default no estimate of days
   */
  unitsPerDay?: number;
}

/**
 * Analyses one read of an experiment from its per-arm sufficient statistics:
 *
 * 1. validate the definition and the statistics;
 * 2. check the sample ratio (anytime-valid, every read);
 * 3. compare every treatment arm with control on every metric (lifts, intervals, p-values per the
 *    design; CUPED and the delta method where they apply);
 * 4. correct the goal comparisons with Holm across arms × goals and take the verdicts the design
 *    allows at this read; guardrails are tested one-sided for harm, each at α;
 * 5. decide: ship an arm, keep control, keep going (with the units still needed), or withhold the
 *    verdict on a sample ratio mismatch.
 *
 * Pure: the same definition and statistics give the same result. docs/experiments.md explains how to
 * read it and every formula.
 * @throws InvalidExperimentError when the definition is invalid
 * @throws InvalidStatisticsError when the statistics do not fit it or cannot come from real data
 */
export function analyzeExperiment(
  experiment: ExperimentInput | ExperimentDefinition,
  stats: ExperimentStatistics,
  options: AnalyzeOptions = {},
): ExperimentResult {
  const definition = validateExperiment(experiment);
  validateStatistics(definition, stats);
  const units = definition.arms.reduce((sum, arm) => sum + stats.arms[arm.key]!.units, 0);
  const reading = readingFor(definition, units);
  const srm = checkSampleRatio(
    definition,
    Object.fromEntries(definition.arms.map((arm) => [arm.key, stats.arms[arm.key]!.units])),
  );
  const treatments = definition.arms.filter((arm) => arm.key !== definition.control).map((arm) => arm.key);
  const goalMetrics = definition.metrics.filter((metric) => metric.role === 'goal').length;
  const totalWeight = definition.arms.reduce((sum, arm) => sum + arm.weight, 0);
  const context: CompareContext = {
    definition,
    reading,
    shares: new Map(definition.arms.map((arm) => [arm.key, arm.weight / totalWeight])),
    goalComparisons: goalMetrics * treatments.length,
  };

  const byArm = new Map<string, ComparisonWork[]>(treatments.map((arm) => [arm, []]));
  const metrics: MetricResult[] = definition.metrics.map((metric) => {
    const control = stats.arms[definition.control]!.metrics[metric.key]!;
    const comparisons = treatments.map((arm) => {
      const work = compareArm(
        metric,
        definition.control,
        arm,
        control,
        stats.arms[arm]!.metrics[metric.key]!,
        context,
      );
      byArm.get(arm)!.push(work);
      return work;
    });
    const result: MetricResult = {
      key: metric.key,
      kind: metric.kind,
      role: metric.role,
      direction: metric.direction,
      control: armSummary(metric, definition.control, control),
      comparisons: comparisons.map((work) => work.result),
    };
    if (control.cappedAt !== undefined) result.cappedAt = control.cappedAt;
    return result;
  });

  setVerdicts([...byArm.values()].flat(), definition, reading.decisive);
  const result: ExperimentResult = {
    experiment: definition.key,
    design: definition.design,
    alpha: definition.alpha,
    units,
    srm,
    metrics,
    decision: decide({
      definition,
      reading,
      srm,
      units,
      byArm,
      ...(options.unitsPerDay === undefined ? {} : { unitsPerDay: options.unitsPerDay }),
    }),
  };
  if (reading.look !== undefined) result.look = reading.look;
  return result;
}

/** Holm over the goal comparisons; verdicts only at reads the design allows. */
function setVerdicts(
  works: readonly ComparisonWork[],
  definition: ExperimentDefinition,
  decisive: boolean,
): void {
  const goals = works.filter((work) => work.metric.role === 'goal');
  const adjusted = holmAdjust(goals.map((work) => work.result.pValue));
  goals.forEach((work, i) => {
    work.result.adjustedPValue = adjusted[i]!;
  });
  if (!decisive) return;
  for (const work of works) {
    if (!work.computable || work.result.adjustedPValue > definition.alpha) continue;
    if (work.metric.role === 'guardrail') work.result.verdict = 'harm';
    else if (work.goodSign !== 0) work.result.verdict = work.goodSign > 0 ? 'better' : 'worse';
  }
}
