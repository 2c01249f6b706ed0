/** The plot's margins inside the SVG: room for the y tick labels on the left and the x ones below. */
export interface ChartPadding {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** Coordinates to a tenth of a pixel: finer does not show and only lengthens the markup. */
export function round(value: number): number {
  return Math.round(value * 10) / 10;
}

/** A horizontal grid line at `y` with its tick label at the left of the plot. */
export function yTick(
  pad: ChartPadding,
  width: number,
  y: number,
  label: string,
  lineClass: 'grid' | 'zero' = 'grid',
): string[] {
  return [
    `<line class="${lineClass}" x1="${pad.left}" x2="${width - pad.right}" y1="${y}" y2="${y}"/>`,
    `<text class="tick" x="${pad.left - 6}" y="${y + 4}" text-anchor="end">${escapeXml(label)}</text>`,
  ];
}

/** Five x tick labels spread evenly over `[x0, x1]`, the outer ones aligned to the plot's edges. */
export function xTicks(
  x0: number,
  x1: number,
  sx: (x: number) => number,
  height: number,
  format: (value: number) => string,
): string[] {
  const parts: string[] = [];
  for (let i = 0; i <= 4; i++) {
    const value = x0 + ((x1 - x0) * i) / 4;
    const anchor = i === 0 ? 'start' : i === 4 ? 'end' : 'middle';
    parts.push(
      `<text class="tick" x="${round(sx(value))}" y="${height - 8}" text-anchor="${anchor}">${escapeXml(format(value))}</text>`,
    );
  }
  return parts;
}

/**
 * The chart's figure: its caption (the title, escaped, then `captionExtra` as markup) and the SVG
 * holding `parts`, sized `width` by `height` and named by `data-chart` for the report's tests.
 */
export function chartFigure(options: {
  id: string;
  title: string;
  width: number;
  height: number;
  parts: readonly string[];
  captionExtra?: string;
}): string {
  const { id, title, width, height } = options;
  const caption = options.captionExtra === undefined ? '' : ` ${options.captionExtra}`;
  return [
    `<figure class="chart-box">`,
    `<figcaption>${escapeXml(title)}${caption}</figcaption>`,
    `<svg class="chart" data-chart="${escapeXml(id)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeXml(title)}" xmlns="http://www.w3.org/2000/svg">`,
    ...options.parts,
    '</svg>',
    '</figure>',
  ].join('\n');
}

/** 1, 2, 2.5 or 5 times a power of ten, at least `value` (1 for nothing to show). */
export function niceCeil(value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
