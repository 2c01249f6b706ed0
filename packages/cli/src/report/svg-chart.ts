import { chartFigure, escapeXml, niceCeil, round, xTicks, yTick } from './chart-frame.js';

/** A line of a chart; null values break the line (an interval without data). */
export interface ChartSeries {
  name: string;
  color: string;
  points: ReadonlyArray<readonly [x: number, y: number | null]>;
  /** Draw as a step function (the value holds until the next point). @default false */
  step?: boolean;
  /** @default false */
  dashed?: boolean;
}

/** A vertical line at an event (a verdict, a rollback). */
export interface ChartMarker {
  x: number;
  color: string;
  label: string;
}

export interface ChartOptions {
  /** Used in element ids and `data-chart`. */
  id: string;
  title: string;
  series: readonly ChartSeries[];
  /** The x range, e.g. the rollout's start and end. */
  x: readonly [number, number];
  /** Top of the y axis; rounded up to a readable value. @default the highest point */
  yMax?: number;
  formatY: (value: number) => string;
  formatX: (value: number) => string;
  markers?: readonly ChartMarker[];
  /** @default 720 */
  width?: number;
  /** @default 220 */
  height?: number;
}

const PAD = { left: 64, right: 16, top: 16, bottom: 30 };

/**
 * A line chart as an SVG string: axes with ticks, one polyline per run of non-null points of each
 * series, a dot with a tooltip (`<title>`) per point, optional event markers, and a legend. Pure
 * markup, no script: it renders wherever the page is opened, and prints.
 */
export function lineChart(options: ChartOptions): string {
  const width = options.width ?? 720;
  const height = options.height ?? 220;
  const plotW = width - PAD.left - PAD.right;
  const plotH = height - PAD.top - PAD.bottom;
  const [x0, x1raw] = options.x;
  const x1 = x1raw > x0 ? x1raw : x0 + 1;
  const values = options.series.flatMap((series) =>
    series.points.map(([, y]) => y).filter((y): y is number => y !== null && Number.isFinite(y)),
  );
  const yMax = niceCeil(options.yMax ?? Math.max(0, ...values));
  const sx = (x: number) => PAD.left + ((x - x0) / (x1 - x0)) * plotW;
  const sy = (y: number) => PAD.top + plotH - (Math.min(y, yMax) / yMax) * plotH;
  const parts: string[] = [];

  const yTicks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * yMax);
  for (const tick of yTicks) parts.push(...yTick(PAD, width, round(sy(tick)), options.formatY(tick)));
  parts.push(...xTicks(x0, x1, sx, height, options.formatX));
  parts.push(
    `<line class="axis" x1="${PAD.left}" x2="${PAD.left}" y1="${PAD.top}" y2="${PAD.top + plotH}"/>`,
    `<line class="axis" x1="${PAD.left}" x2="${width - PAD.right}" y1="${PAD.top + plotH}" y2="${PAD.top + plotH}"/>`,
  );
  for (const marker of options.markers ?? []) {
    const x = round(sx(marker.x));
    parts.push(
      `<line class="marker" x1="${x}" x2="${x}" y1="${PAD.top}" y2="${PAD.top + plotH}" stroke="${marker.color}"><title>${escapeXml(marker.label)}</title></line>`,
    );
  }
  for (const series of options.series) {
    for (const run of runs(series)) {
      const coords = (series.step ? stepped(run) : run).map(([x, y]) => `${round(sx(x))},${round(sy(y))}`);
      const dash = series.dashed ? ' stroke-dasharray="5 4"' : '';
      parts.push(
        `<polyline class="series" data-series="${escapeXml(series.name)}" points="${coords.join(' ')}" fill="none" stroke="${series.color}" stroke-width="2"${dash}/>`,
      );
    }
    if (!series.step && series.points.length <= 200) {
      for (const [x, y] of series.points) {
        if (y === null || !Number.isFinite(y)) continue;
        parts.push(
          `<circle cx="${round(sx(x))}" cy="${round(sy(y))}" r="2.5" fill="${series.color}"><title>${escapeXml(`${series.name} ${options.formatY(y)} at ${options.formatX(x)}`)}</title></circle>`,
        );
      }
    }
  }
  const legend = options.series
    .map(
      (series) =>
        `<span class="key"><span class="swatch" style="background:${series.color}"></span>${escapeXml(series.name)}</span>`,
    )
    .join(' ');
  return chartFigure({
    id: options.id,
    title: options.title,
    width,
    height,
    parts,
    captionExtra: `<span class="legend">${legend}</span>`,
  });
}

/** Runs of consecutive finite points. */
function runs(series: ChartSeries): Array<Array<[number, number]>> {
  const result: Array<Array<[number, number]>> = [];
  let current: Array<[number, number]> = [];
  for (const [x, y] of series.points) {
    if (y === null || !Number.isFinite(y)) {
      if (current.length > 0) result.push(current);
      current = [];
    } else current.push([x, y]);
  }
  if (current.length > 0) result.push(current);
  return result;
}

function stepped(run: ReadonlyArray<[number, number]>): Array<[number, number]> {
  const points: Array<[number, number]> = [];
  run.forEach(([x, y], i) => {
    const previous = run[i - 1];
    if (previous !== undefined) points.push([x, previous[1]]);
    points.push([x, y]);
  });
  return points;
}
