/**
 * WCAG 2.2 contrast from CSS colours as a browser computes them ("rgb(r, g, b)", "rgba(r, g, b, a)")
 * or as a stylesheet writes them ("#rrggbb"): https://www.w3.org/TR/WCAG22/#dfn-contrast-ratio
 */
export interface Rgba {
  r: number;
  g: number;
  b: number;
  a: number;
}

/** @throws Error for a colour syntax other than hex, rgb() or rgba(), rather than guessing */
export function parseColor(css: string): Rgba {
  const text = css.trim();
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(text);
  if (hex) {
    const [r, g, b] = hex.slice(1).map((part) => Number.parseInt(part, 16));
    return { r: r ?? 0, g: g ?? 0, b: b ?? 0, a: 1 };
  }
  const fn = /^rgba?\(([^)]*)\)$/.exec(text);
  const parts = fn?.[1]?.split(/[\s,/]+/).filter(Boolean) ?? [];
  if (parts.length < 3 || parts.length > 4) throw new Error(`not a colour this check reads: ${css}`);
  const [r, g, b, a = '1'] = parts;
  const alpha = a.endsWith('%') ? Number.parseFloat(a) / 100 : Number.parseFloat(a);
  return { r: Number(r), g: Number(g), b: Number(b), a: alpha };
}

/** `top` painted over the opaque `bottom`. */
export function over(top: Rgba, bottom: Rgba): Rgba {
  const mix = (t: number, b: number) => t * top.a + b * (1 - top.a);
  return { r: mix(top.r, bottom.r), g: mix(top.g, bottom.g), b: mix(top.b, bottom.b), a: 1 };
}

export function relativeLuminance({ r, g, b }: Rgba): number {
  const linear = (channel: number) => {
    const c = channel / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** From 1 (the same colour) to 21 (black on white); WCAG AA asks 4.5 for text, 3 for graphics. */
export function contrastRatio(a: Rgba, b: Rgba): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x);
  return ((light ?? 0) + 0.05) / ((dark ?? 0) + 0.05);
}
