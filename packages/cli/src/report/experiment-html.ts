import type { Comparison, ExperimentResult, MetricResult } from '@rampkit/experiments';
import { count } from '../format/format.js';
import { escapeXml } from './chart-frame.js';
import { htmlPage } from './html-page.js';
import { type ForestRow, forestPlot, intervalChart } from './interval-chart.js';

/** One read of an experiment: when, and what the engine made of the data then. */
export interface ExperimentRead {
  at: number;
  result: ExperimentResult;
}

/** Everything an experiment's report shows; `--format json` prints it as it is. */
export interface ExperimentReportData {
  schema: 'rampkit.experiment-report/1';
  /** Epoch milliseconds (wall clock). */
  generatedAt: number;
  /** Where the data came from, secrets removed (`redis://127.0.0.1:6379`, `postgres: schema rampkit`). */
  source: string;
  /** The latest read. */
  result: ExperimentResult;
  /** Every read kept, oldest first, the latest included: the intervals over time. */
  reads: readonly ExperimentRead[];
  /** Units exposed to more than one arm, each counted in its first (attribution). */
  crossovers?: number;
  /** Units exposed to arms the definition does not name (a variation since removed): not analysed. */
  outsideArms?: number;
}

const ARM_COLORS = ['#ea580c', '#7c3aed', '#0891b2', '#be123c', '#4d7c0f'];
const ACTION_TEXT = {
  ship: 'ship',
  keepControl: 'keep control',
  keepGoing: 'keep going',
  withheld: 'withheld',
};

/**
 * One self-contained HTML page (inline CSS and SVG, no script, no network) for an experiment: the
 * decision and its reason, the sample-ratio check, every metric's lift per arm with its interval, a
 * forest plot, and each lift's interval narrowing over the reads.
 */
export function renderExperimentHtml(report: ExperimentReportData): string {
  const { result } = report;
  const title = `Experiment ${result.experiment}`;
  return htmlPage({
    title,
    style: `${STYLE}${EXPERIMENT_STYLE}`,
    header: `<h1>${escapeXml(title)} ${badge(result)}</h1>
<p class="reason">${escapeXml(result.decision.reason)}</p>
<p class="meta">${escapeXml(describeRead(report))}</p>`,
    body: experimentBody(report),
  });
}

/**
 * An experiment as one section of a larger page (the demo's report, beside its rollouts): the same
 * content as its own page, under an h2. Needs `EXPERIMENT_STYLE` on the page.
 */
export function experimentSection(report: ExperimentReportData): string {
  const { result } = report;
  return `<section class="experiment" data-experiment="${escapeXml(result.experiment)}"><h2>Experiment ${escapeXml(result.experiment)} ${badge(result)}</h2>
<p class="reason">${escapeXml(result.decision.reason)}</p>
<p class="meta">${escapeXml(describeRead(report))}</p>
${experimentBody(report)}</section>`;
}

function badge(result: ExperimentResult): string {
  return `<span class="badge ${result.decision.action}">${ACTION_TEXT[result.decision.action]}</span>`;
}

function experimentBody(report: ExperimentReportData): string {
  const { result } = report;
  return `${srmSection(result)}
${forestSection(result)}
${result.metrics.map((metric) => metricSection(metric, report)).join('\n')}`;
}

/** `sequential design (read at any time), α 0.05, 12,345 units, 3 crossovers, read … from …`. */
export function describeRead(report: ExperimentReportData): string {
  const { result } = report;
  const design =
    result.design.mode === 'sequential'
      ? 'sequential design (valid at any read)'
      : result.design.mode === 'fixedHorizon'
        ? `fixed-horizon design (read once at ${count(result.design.plannedUnits)} units)`
        : `group-sequential design (look ${result.look?.index ?? 0} of ${result.design.looks} at ${count(result.design.plannedUnits)} units)`;
  const crossovers = report.crossovers === undefined ? '' : `, ${count(report.crossovers)} crossovers`;
  const outside =
    report.outsideArms === undefined ? '' : `, ${count(report.outsideArms)} units in arms not analysed`;
  return `${design}, α ${result.alpha}, ${count(result.units)} units${crossovers}${outside}; read ${new Date(report.generatedAt).toISOString()} from ${report.source}`;
}

function srmSection(result: ExperimentResult): string {
  const { srm } = result;
  const rows = srm.arms
    .map(
      (arm) =>
        `<tr><td>${escapeXml(arm.arm)}</td><td class="num">${count(arm.units)}</td><td class="num">${share(arm.observedShare)}</td><td class="num">${share(arm.expectedShare)}</td></tr>`,
    )
    .join('');
  const verdict = srm.flagged
    ? `<p class="alert">Sample ratio mismatch: the arms' shares are off the split beyond chance (always-valid p ${escapeXml(pEquals(srm.pValue))} ≤ ${srm.alpha}). Every verdict is withheld until the cause is found: a split changed mid-test, a redirect that loses one arm's users, a bot filter, a crash in one arm.</p>`
    : `<p class="meta">The split holds (always-valid p ${escapeXml(pEquals(srm.pValue))}; flagged at ${srm.alpha} or below).</p>`;
  return `<section class="srm"><h2>Sample ratio</h2>${verdict}
<table><thead><tr><th>arm</th><th>units</th><th>observed</th><th>expected</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

function forestSection(result: ExperimentResult): string {
  const rows: ForestRow[] = [];
  for (const metric of result.metrics) {
    metric.comparisons.forEach((comparison, i) => {
      rows.push({
        label: `${metric.key} · ${comparison.arm}`,
        estimate: comparison.relative.estimate,
        lower: comparison.relative.interval.lower,
        upper: comparison.relative.interval.upper,
        color: ARM_COLORS[i % ARM_COLORS.length] as string,
      });
    });
  }
  if (rows.length === 0) return '';
  return `<section><h2>Lifts</h2>${forestPlot({
    id: `${result.experiment}-lifts`,
    title: 'Relative lift against control with its interval (guardrails one-sided)',
    rows,
    formatY: signedPercent,
  })}</section>`;
}

function metricSection(metric: MetricResult, report: ExperimentReportData): string {
  const format = metric.kind === 'binomial' ? share : number;
  const capped = metric.cappedAt === undefined ? '' : `, capped at ${number(metric.cappedAt)}`;
  const head = `${metric.role} · ${metric.kind} · ${metric.direction === 'higherIsBetter' ? 'higher is better' : 'lower is better'}${capped}`;
  const rows = [
    `<tr><td>${escapeXml(metric.control.arm)} (control)</td><td class="num">${count(metric.control.units)}</td><td class="num">${format(metric.control.estimate)}</td><td></td><td></td><td></td><td></td></tr>`,
    ...metric.comparisons.map((comparison) => comparisonRow(comparison, format)),
  ].join('');
  const cuped = metric.comparisons
    .filter((comparison) => comparison.cuped !== undefined)
    .map(
      (comparison) =>
        `${escapeXml(comparison.arm)}: CUPED removed ${share(comparison.cuped?.varianceReduction ?? null)} of the lift's variance`,
    );
  const charts = metric.comparisons.map((comparison, i) =>
    intervalChart({
      id: `${report.result.experiment}-${metric.key}-${comparison.arm}-over-time`,
      title: `${metric.key}: ${comparison.arm} against ${metric.control.arm}, relative lift by units exposed`,
      color: ARM_COLORS[i % ARM_COLORS.length] as string,
      points: report.reads.flatMap((read) => {
        const found = read.result.metrics
          .find((candidate) => candidate.key === metric.key)
          ?.comparisons.find((candidate) => candidate.arm === comparison.arm);
        if (found === undefined) return [];
        return [{ x: read.result.units, estimate: found.relative.estimate, ...found.relative.interval }];
      }),
      formatX: count,
      formatY: signedPercent,
    }),
  );
  const overTime =
    report.reads.length < 2
      ? '<p class="meta">One read so far: the intervals over time appear from the second read on.</p>'
      : `<div class="charts">${charts.join('\n')}</div>`;
  return `<section class="metric"><h2>${escapeXml(metric.key)}</h2><p class="meta">${escapeXml(head)}</p>
<table><thead><tr><th>arm</th><th>units</th><th>${metric.kind === 'binomial' ? 'rate' : 'mean'}</th><th>absolute lift</th><th>relative lift</th><th>p (adjusted)</th><th>verdict</th></tr></thead><tbody>${rows}</tbody></table>
${cuped.length > 0 ? `<p class="meta">${cuped.join('; ')}</p>` : ''}
${overTime}</section>`;
}

function comparisonRow(comparison: Comparison, format: (value: number | null) => string): string {
  const { absolute, relative } = comparison;
  const interval = (value: { lower: number | null; upper: number | null }, show: (v: number) => string) =>
    `[${value.lower === null ? '−∞' : show(value.lower)}, ${value.upper === null ? '∞' : show(value.upper)}]`;
  const signed = (value: number) => (value > 0 ? `+${format(value)}` : format(value));
  return `<tr><td>${escapeXml(comparison.treatment.arm)}</td><td class="num">${count(comparison.treatment.units)}</td><td class="num">${format(comparison.treatment.estimate)}</td><td class="num">${absolute.estimate === null ? '–' : signed(absolute.estimate)} ${interval(absolute.interval, signed)}</td><td class="num">${relative.estimate === null ? '–' : signedPercent(relative.estimate)} ${interval(relative.interval, signedPercent)}</td><td class="num">${pValue(comparison.adjustedPValue)}</td><td><span class="verdict ${comparison.verdict}">${comparison.verdict}</span></td></tr>`;
}

function share(value: number | null): string {
  return value === null ? '–' : `${(value * 100).toFixed(2)}%`;
}

function signedPercent(value: number): string {
  const text = `${(value * 100).toFixed(Math.abs(value) < 0.1 ? 2 : 1)}%`;
  return value > 0 ? `+${text}` : text;
}

function number(value: number | null): string {
  if (value === null) return '–';
  return Math.abs(value) >= 1000
    ? Math.round(value).toLocaleString('en-US')
    : Number(value.toPrecision(4)).toString();
}

/** `= 0.0123`, or `< 0.0001` for the smallest, which `p = < 0.0001` would garble. */
function pEquals(value: number): string {
  const text = pValue(value);
  return text.startsWith('<') ? text : `= ${text}`;
}

function pValue(value: number): string {
  return value < 0.0001 ? '< 0.0001' : value.toFixed(4);
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#0f172a;margin:24px auto;max-width:980px;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 6px}
.meta{color:#475569;margin:4px 0}.reason{font-size:15px;margin:6px 0}
.badge{font-size:13px;padding:2px 8px;border-radius:10px;color:#fff;vertical-align:middle}
table{border-collapse:collapse;margin:8px 0}th,td{padding:4px 10px;border-bottom:1px solid #e2e8f0;text-align:left}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.charts{display:grid;gap:12px}figure{margin:8px 0}figcaption{color:#334155;margin-bottom:4px}
svg .grid{stroke:#e2e8f0}svg .tick,svg .label{font-size:11px;fill:#475569}
`;

/** What an experiment's sections need on any page (its own, or the demo's beside the rollouts). */
export const EXPERIMENT_STYLE = `
.badge.ship{background:#16a34a}.badge.keepControl{background:#64748b}.badge.keepGoing{background:#2563eb}.badge.withheld{background:#dc2626}
.alert{background:#fef2f2;border:1px solid #fecaca;color:#991b1b;padding:8px 12px;border-radius:6px}
.verdict{padding:1px 6px;border-radius:8px;background:#f1f5f9}.verdict.better{background:#dcfce7}.verdict.worse,.verdict.harm{background:#fee2e2}
svg .zero{stroke:#334155;stroke-dasharray:4 3}
`;
