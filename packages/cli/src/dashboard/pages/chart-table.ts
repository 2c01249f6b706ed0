import { elapsed } from '../../format/format.js';
import type { ReportData } from '../../report/report-data.js';
import { html, type SafeHtml } from '../html/html.js';

/** One row of a chart's table: the time it stands for, on the rollout's clock (ms). */
export interface TableRow {
  from: number;
  /** The end of an interval; absent for a point in time (the weight from then on). */
  to?: number;
}

export interface ChartTableOptions {
  /** Unique on the page: keeps the table open across live updates and focus on its summary. */
  id: string;
  /** The id of the chart's caption, which names the table. */
  titleId: string;
  /** What the values count, for the headers: `requests`, `%`, `ms`. */
  unit: string;
  /** One per point of the series, in their order. */
  rows: readonly TableRow[];
  series: ReadonlyArray<{ label: string; values: ReadonlyArray<number | null> }>;
  verdicts: ReadonlyArray<Pick<ReportData['verdicts'][number], 'at' | 'status'>>;
  createdAt: number;
}

/**
 * A chart's series as a table, collapsed under a "Data table" summary: what a screen reader or a
 * browser without scripts gets instead of the canvas, and the exact numbers for anyone. One row per
 * point the chart draws, so it grows with the chart's data and no faster.
 */
export function chartTable(options: ChartTableOptions): SafeHtml {
  const { rows, series, unit, createdAt } = options;
  const summary = html`<summary id="${options.id}-data">Data table</summary>`;
  if (rows.length === 0) {
    return html`<details class="chart-data" data-keep-open="${options.id}">${summary}<p class="empty">No data yet.</p></details>`;
  }
  const verdicts = verdictsByRow(rows, options.verdicts);
  const body = rows.map((row, index) => {
    const time =
      row.to === undefined
        ? elapsed(row.from - createdAt)
        : `${elapsed(row.from - createdAt)} – ${elapsed(row.to - createdAt)}`;
    const cells = series.map((line) => html`<td class="num">${valueCell(line.values[index] ?? null)}</td>`);
    return html`<tr><th scope="row">${time}</th>${cells}<td>${verdictCell(verdicts[index] ?? new Map())}</td></tr>`;
  });
  const headers = series.map((line) => html`<th scope="col">${line.label} (${unit})</th>`);
  return html`<details class="chart-data" data-keep-open="${options.id}">${summary}<div class="scroll"><table aria-labelledby="${options.titleId}"><thead><tr><th scope="col">Time since start</th>${headers}<th scope="col">Verdicts</th></tr></thead><tbody>${body}</tbody></table></div></details>`;
}

/** The chart's legend rounds to two decimals too; a dash for no data, read out as words. */
function valueCell(value: number | null): SafeHtml {
  if (value === null)
    return html`<span aria-hidden="true">—</span><span class="visually-hidden">no data</span>`;
  return html`${value.toLocaleString('en-US', { maximumFractionDigits: 2 })}`;
}

function verdictCell(counts: ReadonlyMap<string, number>): SafeHtml[] {
  return [...counts].map(
    ([status, n], index) =>
      html`${index > 0 ? ', ' : ''}<span class="badge ${status}">${status}</span>${n > 1 ? ` ×${n}` : ''}`,
  );
}

/**
 * Each row's verdicts, counted by outcome (a long hold at one weight can hold hundreds). A verdict
 * belongs to the last row that began before it: the interval it closes, or the weight it judged
 * (a verdict at the instant of a step is the step's cause, not its result).
 */
function verdictsByRow(
  rows: readonly TableRow[],
  verdicts: ChartTableOptions['verdicts'],
): Array<Map<string, number>> {
  const counts = rows.map(() => new Map<string, number>());
  if (rows.length === 0) return counts;
  let row = 0;
  for (const verdict of [...verdicts].sort((a, b) => a.at - b.at)) {
    while (row + 1 < rows.length && (rows[row + 1] as TableRow).from < verdict.at) row += 1;
    const cell = counts[row] as Map<string, number>;
    cell.set(verdict.status, (cell.get(verdict.status) ?? 0) + 1);
  }
  return counts;
}
