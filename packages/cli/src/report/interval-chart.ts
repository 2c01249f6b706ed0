import { chartFigure, escapeXml, niceCeil, round, xTicks, yTick } from './chart-frame.js';

/** An estimate with its interval; a null end is unbounded or not known yet. */
export interface IntervalPoint {
  x: number;
  estimate: number | null;
  lower: number | null;
  upper: number | null;
}

export interface IntervalChartOptions {
  /** Used in `data-chart`. */
  id: string;
  title: string;
  color: string;
  points: readonly IntervalPoint[];
  formatX: (value: number) => string;
  formatY: (value: number) => string;
  /** @default 720 */
  width?: number;
  /** @default 200 */
  height?: number;
}

const PAD = { left: 64, right: 16, top: 14, bottom: 30 };

/**
 * An estimate over time with its interval as a shaded band and a line at zero: how a lift's interval
 * narrows as units arrive, and when it left zero. Unbounded ends are drawn to the plot's edge. Pure
 * SVG, like lineChart.
 */
export function intervalChart(options: IntervalChartOptions): string {
  const width = options.width ?? 720;
  const height = options.height ?? 200;
  const plotW = width - PAD.left - PAD.right;
  const plotH = height - PAD.top - PAD.bottom;
  const points = options.points.filter((point) => point.estimate !== null);
  const xs = points.map((point) => point.x);
  const x0 = Math.min(...xs, 0);
  const x1 = Math.max(...xs, x0 + 1);
  const span = symmetricSpan(points);
  const sx = (x: number) => PAD.left + ((x - x0) / (x1 - x0)) * plotW;
  const sy = (y: number) => PAD.top + plotH / 2 - (clamp(y, span) / span) * (plotH / 2);
  const parts: string[] = [];
  for (const tick of symmetricTicks(span)) {
    parts.push(...yTick(PAD, width, round(sy(tick)), options.formatY(tick), tick === 0 ? 'zero' : 'grid'));
  }
  parts.push(...xTicks(x0, x1, sx, height, options.formatX));
  if (points.length > 0) {
    const upper = points.map((point) => `${round(sx(point.x))},${round(sy(point.upper ?? span))}`);
    const lower = points.map((point) => `${round(sx(point.x))},${round(sy(point.lower ?? -span))}`).reverse();
    parts.push(
      `<polygon class="band" points="${[...upper, ...lower].join(' ')}" fill="${options.color}" fill-opacity="0.18" stroke="none"/>`,
      `<polyline class="series" points="${points.map((point) => `${round(sx(point.x))},${round(sy(point.estimate as number))}`).join(' ')}" fill="none" stroke="${options.color}" stroke-width="2"/>`,
    );
    for (const point of points) {
      const label = `${options.formatY(point.estimate as number)} [${end(point.lower, options)}, ${end(point.upper, options)}] at ${options.formatX(point.x)}`;
      parts.push(
        `<circle cx="${round(sx(point.x))}" cy="${round(sy(point.estimate as number))}" r="2.5" fill="${options.color}"><title>${escapeXml(label)}</title></circle>`,
      );
    }
  }
  return chartFigure({ id: options.id, title: options.title, width, height, parts });
}

/** One row of a forest plot: a label, an estimate and its interval. */
export interface ForestRow {
  label: string;
  estimate: number | null;
  lower: number | null;
  upper: number | null;
  color: string;
}

/**
 * Several estimates with their intervals on one axis around zero, one row each: every arm and metric
 * of an experiment at a glance.
 */
export function forestPlot(options: {
  id: string;
  title: string;
  rows: readonly ForestRow[];
  formatY: (value: number) => string;
  width?: number;
}): string {
  const width = options.width ?? 720;
  const rowH = 26;
  const labelW = 220;
  const height = PAD.top + rowH * options.rows.length + PAD.bottom;
  const plotW = width - labelW - PAD.right;
  const span = symmetricSpan(options.rows.map((row, i) => ({ ...row, x: i })));
  const sx = (value: number) => labelW + ((clamp(value, span) + span) / (2 * span)) * plotW;
  const parts: string[] = [];
  for (const tick of symmetricTicks(span)) {
    const x = round(sx(tick));
    parts.push(
      `<line class="${tick === 0 ? 'zero' : 'grid'}" x1="${x}" x2="${x}" y1="${PAD.top}" y2="${height - PAD.bottom}"/>`,
      `<text class="tick" x="${x}" y="${height - 8}" text-anchor="middle">${escapeXml(options.formatY(tick))}</text>`,
    );
  }
  options.rows.forEach((row, i) => {
    const y = PAD.top + rowH * i + rowH / 2;
    parts.push(
      `<text class="label" x="${labelW - 8}" y="${y + 4}" text-anchor="end">${escapeXml(row.label)}</text>`,
    );
    if (row.estimate === null) return;
    const left = round(sx(row.lower ?? -span));
    const right = round(sx(row.upper ?? span));
    const label = `${row.label}: ${options.formatY(row.estimate)} [${end(row.lower, options)}, ${end(row.upper, options)}]`;
    parts.push(
      `<line class="interval" x1="${left}" x2="${right}" y1="${y}" y2="${y}" stroke="${row.color}" stroke-width="3"/>`,
      `<circle cx="${round(sx(row.estimate))}" cy="${y}" r="4.5" fill="${row.color}"><title>${escapeXml(label)}</title></circle>`,
    );
  });
  return chartFigure({ id: options.id, title: options.title, width, height, parts });
}

/**
 * Half the y range: a readable value covering every bounded end and estimate, so zero sits in the
 * middle and the eye compares both sides.
 */
function symmetricSpan(
  points: ReadonlyArray<{ estimate: number | null; lower: number | null; upper: number | null }>,
): number {
  let largest = 0;
  for (const point of points) {
    for (const value of [point.estimate, point.lower, point.upper]) {
      if (value !== null && Number.isFinite(value)) largest = Math.max(largest, Math.abs(value));
    }
  }
  return niceCeil(largest > 0 ? largest : 0.01);
}

/** Ticks at the span's ends, halves and zero: both plots read the same scale around zero. */
function symmetricTicks(span: number): number[] {
  return [-span, -span / 2, 0, span / 2, span];
}

function clamp(value: number, span: number): number {
  return Math.max(-span, Math.min(span, value));
}

function end(value: number | null, options: { formatY: (value: number) => string }): string {
  return value === null ? 'unbounded' : options.formatY(value);
}
