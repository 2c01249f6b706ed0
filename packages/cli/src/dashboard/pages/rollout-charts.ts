import type { ArmPoint, ReportData } from '../../report/report-data.js';
import { html, type SafeHtml } from '../html/html.js';

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
 * p95/p99 per arm per interval, the canary's weight, each with the verdicts marked. The figures are
 * also the table under each chart, for screen readers and for anyone without scripts.
 */
export function chartsOf(report: ReportData): SafeHtml {
  const { rollout, arms } = report;
  const x = arms.intervals.map((interval) => Math.round((interval.from + interval.to) / 2000));
  const marks = report.verdicts.map((verdict) => ({
    x: Math.round(verdict.at / 1000),
    status: verdict.status,
  }));
  const arm = (name: 'stable' | 'canary', label: string, pick: (point: ArmPoint) => number | null) => ({
    label: `${name} ${label}`.trim(),
    arm: name,
    values: arms.intervals.map((interval) => pick(interval[name])),
  });
  const percent = (value: number | null) => (value === null ? null : Number((value * 100).toFixed(3)));
  const charts: Array<{ id: string; spec: ChartSpec }> = [
    {
      id: 'requests',
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
  return html`${note}<div class="charts">${charts.map(
    ({ id, spec }) =>
      html`<figure class="chart" data-chart="${JSON.stringify(spec)}" data-testid="chart-${id}"><figcaption>${spec.title}</figcaption></figure>`,
  )}</div>`;
}
