import { formatDuration } from '@rampkit/rollout';

/** A canary weight in percent: `25%`, `2.5%`. */
export function weight(percent: number): string {
  return `${Number(percent.toFixed(2))}%`;
}

/** A rate in 0..1 as a percentage with two decimals: `0.48%`. */
export function rate(value: number): string {
  return Number.isFinite(value) ? `${(value * 100).toFixed(2)}%` : '–';
}

/** `12,345`. */
export function count(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** A latency: `8.4 ms`, `120 ms`, `–` without samples. */
export function millis(value: number): string {
  if (!Number.isFinite(value)) return '–';
  return value < 10 ? `${value.toFixed(1)} ms` : `${Math.round(value)} ms`;
}

/** Time since the rollout began: `t+3m10s`. */
export function elapsed(ms: number): string {
  return `t+${formatDuration(Math.max(0, Math.round(ms / 1000) * 1000))}`;
}

export function duration(ms: number): string {
  return formatDuration(Math.max(0, Math.round(ms / 1000) * 1000));
}

/** Rows in aligned columns; numbers (right-aligned columns) are named in `right`. */
export function table(rows: readonly (readonly string[])[], right: readonly number[] = []): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  return rows.map((row) =>
    row
      .map((cell, i) => (right.includes(i) ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

/**
 * Cuts a line to `width` visible characters so a live frame never wraps (wrapping breaks the
 * redraw). Colour codes are kept whole and do not count.
 */
export function truncate(line: string, width: number): string {
  if (visibleLength(line) <= width) return line;
  let shown = 0;
  let result = '';
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '\u001b') {
      const end = line.indexOf('m', i);
      if (end !== -1) {
        result += line.slice(i, end + 1);
        i = end;
        continue;
      }
    }
    if (shown === width - 1) break;
    result += line[i];
    shown += 1;
  }
  return `${result}…${line.includes('\u001b[') ? '\u001b[0m' : ''}`;
}

const COLORS = {
  red: 31,
  green: 32,
  yellow: 33,
  blue: 34,
  magenta: 35,
  cyan: 36,
  gray: 90,
  bold: 1,
} as const;
export type Color = keyof typeof COLORS;

export function paint(text: string, color: Color, enabled: boolean): string {
  return enabled ? `\u001b[${COLORS[color]}m${text}\u001b[0m` : text;
}

/** The length of `text` as shown, without colour codes. */
export function visibleLength(text: string): number {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: colour codes are what is stripped
  return text.replace(/\u001b\[[0-9;]*m/g, '').length;
}
