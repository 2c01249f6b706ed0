import { describe, expect, it } from 'vitest';
import type { ArmPoint, ReportData } from '../../report/report-data.js';
import { chartsOf } from './rollout-charts.js';

const HOSTILE = '<img src=x onerror=alert(1)>';
const START = Date.UTC(2026, 11, 6, 12);

function point(requests: number, errors: number, p95: number | null, p99: number | null): ArmPoint {
  return {
    requests,
    errors,
    errorRate: requests > 0 ? errors / requests : null,
    p50: p95,
    p95,
    p99,
  };
}

/**
 * Three ten-second intervals, a verdict closing each, and the weight moving from 10% to 50% after
 * the second pass. `chartsOf` reads of the status only the canary's name and the start.
 */
function report(): ReportData {
  return {
    schema: 1,
    generatedAt: START + 30_000,
    rollout: { createdAt: START, canary: HOSTILE, stable: 'v1' } as unknown as ReportData['rollout'],
    weight: [
      { at: START, weight: 10 },
      { at: START + 20_000, weight: 50 },
      { at: START + 30_000, weight: 50 },
    ],
    arms: {
      source: 'metrics',
      intervals: [
        {
          from: START,
          to: START + 10_000,
          stable: point(1200, 12, 8.25, 20),
          canary: point(130, 0, 9.5, 31.125),
        },
        {
          from: START + 10_000,
          to: START + 20_000,
          stable: point(1180, 6, 8, 19),
          canary: point(0, 0, null, null),
        },
        {
          from: START + 20_000,
          to: START + 30_000,
          stable: point(900, 9, 7.5, 18),
          canary: point(950, 19, 8.1, 22),
        },
      ],
    },
    verdicts: [
      { at: START + 10_000, status: 'pass' },
      { at: START + 20_000, status: 'pass' },
      { at: START + 30_000, status: 'fail' },
    ].map((verdict, stepIndex) => ({
      ...verdict,
      status: verdict.status as 'pass' | 'fail',
      stepIndex,
      weight: 10,
      critical: false,
      consecutiveFailures: 0,
      checks: [],
      arms: {} as ReportData['verdicts'][number]['arms'],
    })),
    transitions: [],
    gates: [],
  };
}

/** The text a screen reader gets of some markup: tags dropped, the template's escapes undone. */
function text(markup: string): string {
  return markup
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();
}

/** Each chart's figure: its embedded points, whether its table starts open, headers and rows. */
function figures(page: string) {
  return [
    ...page.matchAll(
      /<figure class="chart" data-chart="([^"]*)" data-testid="chart-([a-z-]+)">(.*?)<\/figure>/gs,
    ),
  ].map(([, json, id, inner]) => {
    const table =
      /<details class="chart-data"([^>]*)><summary[^>]*>([^<]*)<\/summary>.*?<thead>(.*?)<\/thead><tbody>(.*?)<\/tbody>/s.exec(
        inner as string,
      );
    const cells = (row: string) =>
      [...row.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/gs)].map(([, cell]) => text(cell as string));
    return {
      id,
      points: (JSON.parse(text(json as string)) as { x: number[] }).x.length,
      plotBeforeTable:
        (inner as string).indexOf('class="chart-plot"') < (inner as string).indexOf('<details'),
      detailsAttributes: table?.[1],
      summary: table?.[2],
      headers: cells(table?.[3] ?? ''),
      rows: [...(table?.[4] ?? '').matchAll(/<tr>(.*?)<\/tr>/gs)].map(([, row]) => cells(row as string)),
    };
  });
}

describe('the rollout page charts', () => {
  it("holds each chart's data as a table under it, folded, one row per point", () => {
    const charts = figures(chartsOf(report()).value);
    expect(charts.map((chart) => chart.id)).toEqual(['requests', 'error-rate', 'latency', 'weight']);
    for (const chart of charts) {
      expect(chart.summary).toBe('Data table');
      // Folded by default: no `open` attribute.
      expect(chart.detailsAttributes).not.toMatch(/\sopen(\s|=|$)/);
      expect(chart.plotBeforeTable).toBe(true);
      expect(chart.rows).toHaveLength(chart.points);
    }
    const [requests, errorRate, latency, weight] = charts;
    expect(requests?.headers).toEqual([
      'Time since start',
      'stable (requests)',
      'canary (requests)',
      'Verdicts',
    ]);
    expect(requests?.rows).toEqual([
      ['t+0s – t+10s', '1,200', '130', 'pass'],
      ['t+10s – t+20s', '1,180', '0', 'pass'],
      ['t+20s – t+30s', '900', '950', 'fail'],
    ]);
    // An interval without requests has no rate: a dash, read out as "no data".
    expect(errorRate?.headers).toEqual(['Time since start', 'stable (%)', 'canary (%)', 'Verdicts']);
    expect(errorRate?.rows).toEqual([
      ['t+0s – t+10s', '1', '0', 'pass'],
      ['t+10s – t+20s', '0.51', '—no data', 'pass'],
      ['t+20s – t+30s', '1', '2', 'fail'],
    ]);
    expect(latency?.headers).toEqual([
      'Time since start',
      'stable p95 (ms)',
      'canary p95 (ms)',
      'stable p99 (ms)',
      'canary p99 (ms)',
      'Verdicts',
    ]);
    expect(latency?.rows[0]).toEqual(['t+0s – t+10s', '8.25', '9.5', '20', '31.13', 'pass']);
    expect(latency?.rows[1]).toEqual(['t+10s – t+20s', '8', '—no data', '19', '—no data', 'pass']);
    // The weight is a point in time; both passes judged 10%, the failure 50%.
    expect(weight?.headers).toEqual(['Time since start', `canary (${HOSTILE}) (%)`, 'Verdicts']);
    expect(weight?.rows).toEqual([
      ['t+0s', '10', 'pass ×2'],
      ['t+20s', '50', 'fail'],
      ['t+30s', '50', ''],
    ]);
  });

  it('escapes a hostile variation name in the table as in the chart data', () => {
    const page = chartsOf(report()).value;
    expect(page).not.toContain('<img');
    expect(page).toContain('<th scope="col">canary (&lt;img src=x onerror=alert(1)&gt;) (%)</th>');
  });

  it('counts the verdicts of a row by outcome, each outcome once', () => {
    const many = report();
    const extra = many.verdicts.map((verdict, i) => ({
      ...verdict,
      at: START + 1000 + i,
      status: 'inconclusive' as const,
    }));
    many.verdicts = [...many.verdicts, ...extra];
    const weight = figures(chartsOf(many).value).at(-1);
    expect(weight?.rows[0]?.at(-1)).toBe('inconclusive ×3, pass ×2');
  });

  it('says a chart without points has no data yet, rather than showing an empty table', () => {
    const empty = report();
    empty.arms.intervals = [];
    const page = chartsOf(empty).value;
    const requests = /data-testid="chart-requests">(.*?)<\/figure>/s.exec(page)?.[1] ?? '';
    expect(requests).toContain('<p class="empty">No data yet.</p>');
    expect(requests).not.toContain('<table');
  });
});
