import type { ExperimentUnitRow } from '@rampkit/core';
import {
  type AnalyzeOptions,
  analyzeExperiment,
  buildStatistics,
  type ExperimentDefinition,
  type ExperimentInput,
  unitsFromTracking,
  validateExperiment,
} from '@rampkit/experiments';
import type { ExperimentRead, ExperimentReportData } from '../report/experiment-html.js';
import type { ExperimentFlag } from './experiment-flags.js';

/** Reads over time a report reconstructs at most, the latest included. */
const MAX_READS = 8;

/**
 * What `--definition` holds when the data comes from a store: the metrics (the flag model has no
 * place for them), and optionally what the flag already says (key, arms, control) plus
 * `denominators`, the tracked metric under each ratio metric (`unitsFromTracking`).
 */
export type TrackedDefinitionInput = Partial<ExperimentInput> & { denominators?: Record<string, string> };

/**
 * The definition a store's experiment is read with: the file's metrics and settings; its arms and
 * control when it names them, else the flag's split (weights as expected shares) and the flag's off
 * variation as control when it is an arm, else the first arm.
 * @throws InvalidExperimentError naming every problem's path
 */
export function trackedDefinition(
  flag: ExperimentFlag,
  input: TrackedDefinitionInput,
  source: string,
): { definition: ExperimentDefinition; denominators: Record<string, string> } {
  const { denominators = {}, ...rest } = input;
  const arms = rest.arms ?? flag.arms;
  const control =
    rest.control ??
    (arms.some((arm) => arm.key === flag.offVariation) ? flag.offVariation : arms[0]?.key) ??
    '';
  const definition = validateExperiment({ ...rest, key: flag.key, arms, control }, source);
  return { definition, denominators };
}

/**
 * One report from the units a store keeps: the latest read over every exposed unit, and earlier
 * reads reconstructed from the units exposed by each time (with their events to date), so the
 * report can show each interval narrowing as units came in. Sequential results are valid at any
 * read, so these earlier reads are ones the team could have made.
 */
export function reportFromTracking(
  definition: ExperimentDefinition,
  rows: readonly ExperimentUnitRow[],
  options: {
    denominators: Record<string, string>;
    source: string;
    generatedAt: number;
    /** Units a day, all arms: the units still needed become days in the latest read. */
    unitsPerDay?: number;
  },
): ExperimentReportData {
  const sorted = [...rows].sort((a, b) => a.exposedAt - b.exposedAt);
  const units = unitsFromTracking(definition, sorted, { denominators: options.denominators });
  const read = (count: number, analyze: AnalyzeOptions = {}) =>
    analyzeExperiment(definition, buildStatistics(definition, units.slice(0, count)), analyze);
  const reads: ExperimentRead[] = [];
  for (const end of readEnds(sorted))
    reads.push({ at: sorted[end - 1]?.exposedAt ?? options.generatedAt, result: read(end) });
  const latest = read(
    units.length,
    options.unitsPerDay === undefined ? {} : { unitsPerDay: options.unitsPerDay },
  );
  reads.push({ at: options.generatedAt, result: latest });
  const known = new Set(definition.arms.map((arm) => arm.key));
  return {
    schema: 'rampkit.experiment-report/1',
    generatedAt: options.generatedAt,
    source: options.source,
    result: latest,
    reads,
    ...(rows.some((row) => !known.has(row.arm))
      ? { outsideArms: rows.filter((row) => !known.has(row.arm)).length }
      : {}),
  };
}

/** Unit counts at equally spaced exposure times before the last (the latest read is added after). */
function readEnds(sorted: readonly ExperimentUnitRow[]): number[] {
  if (sorted.length < 2) return [];
  const first = sorted[0]!.exposedAt;
  const last = sorted[sorted.length - 1]!.exposedAt;
  if (last === first) return [];
  const ends: number[] = [];
  let index = 0;
  for (let step = 1; step < MAX_READS; step++) {
    const cutoff = first + ((last - first) * step) / MAX_READS;
    while (index < sorted.length && sorted[index]!.exposedAt <= cutoff) index++;
    if (index > 0 && index < sorted.length && ends[ends.length - 1] !== index) ends.push(index);
  }
  return ends;
}
