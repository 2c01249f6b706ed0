import uPlot from 'uplot';

interface ChartSpec {
  title: string;
  unit: '' | '%' | 'ms';
  x: number[];
  series: Array<{ label: string; arm: 'stable' | 'canary' | 'weight'; values: Array<number | null> }>;
  marks: Array<{ x: number; status: string }>;
}

const COLORS = { stable: '#2563eb', canary: '#ea580c', weight: '#7c3aed' };
const MARKS: Record<string, string> = { pass: '#16a34a', fail: '#dc2626', inconclusive: '#a3a3a3' };
const drawn = new WeakMap<Element, uPlot>();

/** Draws every `figure[data-chart]` under `root` that is not drawn yet. */
export function drawCharts(root: ParentNode): void {
  for (const figure of root.querySelectorAll<HTMLElement>('figure[data-chart]')) {
    if (drawn.has(figure)) continue;
    let spec: ChartSpec;
    try {
      spec = JSON.parse(figure.dataset.chart ?? '') as ChartSpec;
    } catch {
      continue;
    }
    const width = Math.max(240, Math.floor(figure.clientWidth || 480));
    const dark = window.matchMedia('(prefers-color-scheme: dark)').matches;
    const axis = { stroke: dark ? '#d4d4d4' : '#404040', grid: { stroke: dark ? '#333' : '#e5e5e5' } };
    const format = (value: number) => `${Number(value.toFixed(2))}${spec.unit === '' ? '' : ` ${spec.unit}`}`;
    const plot = new uPlot(
      {
        width,
        height: 200,
        series: [
          {},
          ...spec.series.map((series, index) => ({
            label: series.label,
            stroke: COLORS[series.arm],
            width: 2,
            dash: index >= 2 ? [6, 4] : [],
            spanGaps: false,
            value: (_u: uPlot, value: number | null) => (value === null ? '–' : format(value)),
          })),
        ],
        axes: [axis, { ...axis, values: (_u: uPlot, ticks: number[]) => ticks.map(format), size: 64 }],
        scales: { x: { time: true } },
        legend: { live: true },
        hooks: { draw: [(u: uPlot) => drawMarks(u, spec.marks)] },
      },
      [spec.x, ...spec.series.map((series) => series.values)] as uPlot.AlignedData,
      figure,
    );
    figure.dataset.drawn = String(spec.x.length);
    drawn.set(figure, plot);
  }
}

/** A thin vertical line per verdict, coloured by its outcome. */
function drawMarks(u: uPlot, marks: ChartSpec['marks']): void {
  const { ctx } = u;
  const { top, height } = u.bbox;
  ctx.save();
  ctx.setLineDash([]);
  ctx.lineWidth = Math.max(1, window.devicePixelRatio);
  for (const mark of marks) {
    const x = Math.round(u.valToPos(mark.x, 'x', true));
    if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) continue;
    ctx.strokeStyle = MARKS[mark.status] ?? '#a3a3a3';
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, top + height);
    ctx.stroke();
  }
  ctx.restore();
}
