import { formatPercent } from '@rampkit/core/internal';
import type { Comparison, ExperimentResult, MetricResult } from '@rampkit/experiments';
import { count, table } from '../format/format.js';

const ACTION_TEXT = {
  ship: 'ship',
  keepControl: 'keep control',
  keepGoing: 'keep going',
  withheld: 'withheld',
} as const;

const DIRECTION_TEXT = { higherIsBetter: 'higher is better', lowerIsBetter: 'lower is better' } as const;

/**
 * One read of an experiment for people: the decision and its reason first (what to do), then the
 * sample-ratio check (whether to trust it), then each metric's arms with their lifts and intervals.
 */
export function describeExperiment(result: ExperimentResult): string[] {
  const { decision } = result;
  const design =
    result.design.mode === 'sequential'
      ? 'sequential (read any time)'
      : result.design.mode === 'fixedHorizon'
        ? `fixed horizon at ${count(result.design.plannedUnits)} units`
        : `group sequential, look ${result.look?.index ?? 0} of ${result.design.looks}`;
  const lines = [
    `Experiment ${result.experiment} · ${design} · α ${result.alpha} · ${count(result.units)} units`,
    `Decision: ${ACTION_TEXT[decision.action]}${decision.arm === undefined ? '' : ` ${decision.arm}`} — ${decision.reason}`,
    srmLine(result),
  ];
  for (const metric of result.metrics) lines.push('', ...metricLines(metric));
  return lines;
}

function srmLine(result: ExperimentResult): string {
  const shares = result.srm.arms
    .map(
      (arm) =>
        `${arm.arm} ${arm.observedShare === null ? '–' : percent(arm.observedShare)} (expected ${percent(arm.expectedShare)})`,
    )
    .join(', ');
  const verdict = result.srm.flagged ? 'MISMATCH, verdict withheld' : 'ok';
  return `Sample ratio: ${verdict} (p ${pValue(result.srm.pValue)} at α ${result.srm.alpha}) — ${shares}`;
}

function metricLines(metric: MetricResult): string[] {
  const format = metric.kind === 'binomial' ? percent : number;
  // A difference of two rates is in percentage points, not a percentage of anything.
  const difference = metric.kind === 'binomial' ? points : number;
  const header = `${metric.key} (${metric.role}, ${metric.kind}, ${DIRECTION_TEXT[metric.direction]}${
    metric.cappedAt === undefined ? '' : `, capped at ${number(metric.cappedAt)}`
  })`;
  const rows: string[][] = [
    ['arm', 'units', 'estimate', 'lift', 'relative', 'interval (relative)', 'p (adjusted)', 'verdict'],
    [
      metric.control.arm,
      count(metric.control.units),
      format(metric.control.estimate),
      '',
      '',
      '',
      '',
      'control',
    ],
  ];
  for (const comparison of metric.comparisons) rows.push(comparisonRow(comparison, format, difference));
  return [header, ...table(rows, [1, 2, 3, 4]).map((line) => `  ${line}`)];
}

function comparisonRow(
  comparison: Comparison,
  format: (value: number | null) => string,
  difference: (value: number | null) => string,
): string[] {
  const { absolute, relative } = comparison;
  const lift = absolute.estimate === null ? '–' : signed(difference(absolute.estimate));
  const interval = `[${bound(relative.interval.lower, '−∞')}, ${bound(relative.interval.upper, '+∞')}]`;
  const cuped = comparison.cuped ? ` · CUPED −${percent(comparison.cuped.varianceReduction)} variance` : '';
  return [
    comparison.arm,
    count(comparison.treatment.units),
    format(comparison.treatment.estimate),
    lift,
    relative.estimate === null ? '–' : signed(percent(relative.estimate)),
    interval,
    `${pValue(comparison.pValue)} (${pValue(comparison.adjustedPValue)})`,
    `${comparison.verdict}${comparison.test === 'harm' ? ' (one-sided)' : ''}${cuped}`,
  ];
}

/** An interval's end; null is unbounded (a one-sided bound, or control not yet clear of 0). */
function bound(value: number | null, unbounded: string): string {
  return value === null ? unbounded : signed(percent(value));
}

function signed(text: string): string {
  return text.startsWith('-') || text === '–' ? text : `+${text}`;
}

function percent(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '–';
  return formatPercent(value, { significant: 3 });
}

function points(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '–';
  return `${Number((value * 100).toPrecision(3))} pp`;
}

function number(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '–';
  return Math.abs(value) >= 1000 ? count(value) : String(Number(value.toPrecision(4)));
}

function pValue(value: number): string {
  if (value < 0.0001) return '<0.0001';
  return String(Number(value.toPrecision(2)));
}
