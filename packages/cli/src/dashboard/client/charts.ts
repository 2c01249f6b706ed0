import uPlot from 'uplot';

interface ChartSpec {
  title: string;
  unit: '' | '%' | 'ms';
  x: number[];
  series: Array<{ label: string; arm: 'stable' | 'canary' | 'weight'; values: Array<number | null> }>;
  marks: Array<{ x: number; status: string }>;
}

/** The colours in force (light or dark), from dashboard.css: a canvas cannot read CSS variables itself. */
interface Palette {
  axis: string;
  grid: string;
  arms: Record<ChartSpec['series'][number]['arm'], string>;
  marks: Record<string, string>;
}

const drawn = new WeakMap<Element, uPlot>();

function paletteOf(element: Element): Palette {
  const style = getComputedStyle(element);
  const color = (name: string) => style.getPropertyValue(`--chart-${name}`).trim();
  return {
    axis: color('axis'),
    grid: color('grid'),
    arms: { stable: color('stable'), canary: color('canary'), weight: color('weight') },
    marks: { pass: color('pass'), fail: color('fail'), inconclusive: color('inconclusive') },
  };
}

/**
 * Draws the charts under `root` again in the colours now in force: a canvas keeps the colours it was
 * drawn with, so a switch between light and dark would otherwise leave light axes on a dark page.
 */
export function redrawCharts(root: ParentNode): void {
  for (const figure of root.querySelectorAll<HTMLElement>('figure[data-chart]')) {
    drawn.get(figure)?.destroy();
    drawn.delete(figure);
  }
  drawCharts(root);
}

/** Draws every `figure[data-chart]` under `root` that is not drawn yet, in its `.chart-plot`. */
export function drawCharts(root: ParentNode): void {
  for (const figure of root.querySelectorAll<HTMLElement>('figure[data-chart]')) {
    if (drawn.has(figure)) continue;
    let spec: ChartSpec;
    try {
      spec = JSON.parse(figure.dataset.chart ?? '') as ChartSpec;
    } catch {
      continue;
    }
    // The figure also holds the chart's data table: the chart goes in its own slot, above it.
    const slot = figure.querySelector<HTMLElement>(':scope > .chart-plot');
    if (slot === null) continue;
    const width = Math.max(240, Math.floor(figure.clientWidth || 480));
    const palette = paletteOf(figure);
    const axis = { stroke: palette.axis, grid: { stroke: palette.grid }, ticks: { stroke: palette.grid } };
    const format = (value: number) => `${Number(value.toFixed(2))}${spec.unit === '' ? '' : ` ${spec.unit}`}`;
    const plot = new uPlot(
      {
        width,
        height: 200,
        series: [
          {},
          ...spec.series.map((series, index) => ({
            label: series.label,
            stroke: palette.arms[series.arm],
            width: 2,
            dash: index >= 2 ? [6, 4] : [],
            spanGaps: false,
            value: (_u: uPlot, value: number | null) => (value === null ? '–' : format(value)),
          })),
        ],
        axes: [axis, { ...axis, values: (_u: uPlot, ticks: number[]) => ticks.map(format), size: 64 }],
        scales: { x: { time: true } },
        legend: { live: true },
        hooks: { draw: [(u: uPlot) => drawMarks(u, spec.marks, palette.marks)] },
      },
      [spec.x, ...spec.series.map((series) => series.values)] as uPlot.AlignedData,
      slot,
    );
    figure.dataset.drawn = String(spec.x.length);
    drawn.set(figure, plot);
  }
}

/** A thin vertical line per verdict, coloured by its outcome. */
function drawMarks(u: uPlot, marks: ChartSpec['marks'], colors: Palette['marks']): void {
  const { ctx } = u;
  const { top, height } = u.bbox;
  ctx.save();
  ctx.setLineDash([]);
  ctx.lineWidth = Math.max(1, Math.round(window.devicePixelRatio));
  // A line of odd width centred on a pixel's edge would be smeared over two pixels at half strength.
  const offset = ctx.lineWidth % 2 === 1 ? 0.5 : 0;
  for (const mark of marks) {
    const x = Math.round(u.valToPos(mark.x, 'x', true)) + offset;
    if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) continue;
    ctx.strokeStyle = colors[mark.status] ?? colors.inconclusive ?? '';
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, top + height);
    ctx.stroke();
  }
  ctx.restore();
}
