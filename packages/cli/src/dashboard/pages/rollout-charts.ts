import type { ArmPoint, ReportData } from '../../report/report-data.js';
import { html, type SafeHtml } from '../html/html.js';
import { chartTable, type TableRow } from './chart-table.js';
import { verdictMarks } from './verdict-marks.js';

/** What the browser's chart module draws: x in epoch seconds, one series per arm, verdict marks. */
export interface ChartSpec {
  title: string;
  unit: '' | '%' | 'ms';
  x: number[];
  series: Array<{ label: string; arm: 'stable' | 'canary' | 'weight'; values: Array<number | null> }>;
  marks: Array<{ x: number; status: string }>;
}

/**
 * The rollout's charts as data for uPlot (bundled in the page's script): requests, error rate and
 * p95/p99 per arm per interval, the canary's weight, each with the verdicts marked. Each figure also
 * holds its chart's data as a table (collapsed), for screen readers and for anyone without scripts;
 * the script draws the chart in the figure's `.chart-plot`, above it.
 */
export function chartsOf(report: ReportData): SafeHtml {
  const { rollout, arms } = report;
  const x = arms.intervals.map((interval) => Math.round((interval.from + interval.to) / 2000));
  const marks = verdictMarks(report.verdicts);
  const arm = (name: 'stable' | 'canary', label: string, pick: (point: ArmPoint) => number | null) => ({
    label: `${name} ${label}`.trim(),
    arm: name,
    values: arms.intervals.map((interval) => pick(interval[name])),
  });
  const percent = (value: number | null) => (value === null ? null : Number((value * 100).toFixed(3)));
  const intervals: TableRow[] = arms.intervals.map(({ from, to }) => ({ from, to }));
  // `unit` names the table's columns; the spec's is the axis', empty for plain counts.
  const charts: Array<{ id: string; spec: ChartSpec; unit: string; rows: TableRow[] }> = [
    {
      id: 'requests',
      unit: 'requests',
      rows: intervals,
      spec: {
        title: 'Requests per interval',
        unit: '',
        x,
        series: [arm('stable', '', (p) => p.requests), arm('canary', '', (p) => p.requests)],
        marks,
      },
    },
    {
      id: 'error-rate',
      unit: '%',
      rows: intervals,
      spec: {
        title: 'Error rate',
        unit: '%',
        x,
        series: [
          arm('stable', '', (p) => percent(p.errorRate)),
          arm('canary', '', (p) => percent(p.errorRate)),
        ],
        marks,
      },
    },
    {
      id: 'latency',
      unit: 'ms',
      rows: intervals,
      spec: {
        title: 'Latency p95 / p99',
        unit: 'ms',
        x,
        series: [
          arm('stable', 'p95', (p) => p.p95),
          arm('canary', 'p95', (p) => p.p95),
          arm('stable', 'p99', (p) => p.p99),
          arm('canary', 'p99', (p) => p.p99),
        ],
        marks,
      },
    },
    {
      id: 'weight',
      unit: '%',
      rows: report.weight.map((point) => ({ from: point.at })),
      spec: {
        title: 'Canary weight',
        unit: '%',
        x: report.weight.map((point) => Math.round(point.at / 1000)),
        series: [
          { label: `canary (${rollout.canary})`, arm: 'weight', values: report.weight.map((p) => p.weight) },
        ],
        marks,
      },
    },
  ];
  const note =
    arms.source === 'verdicts'
      ? html`<p class="note">The metrics have expired; intervals are rebuilt from the verdicts (latencies cumulative).</p>`
      : '';
  return html`${note}<div class="charts">${charts.map(({ id, spec, unit, rows }) => {
    const table = chartTable({
      id: `chart-${id}`,
      titleId: `chart-${id}-title`,
      unit,
      rows,
      series: spec.series,
      verdicts: report.verdicts,
      createdAt: rollout.createdAt,
    });
    return html`<figure class="chart" data-chart="${JSON.stringify(spec)}" data-testid="chart-${id}"><figcaption id="chart-${id}-title">${spec.title}</figcaption><div class="chart-plot"></div>${table}</figure>`;
  })}</div>`;
}
