import { describeValue } from '@rampkit/core/validation';

/**
 * Durations in plans: a number of milliseconds, or a string of one or more `<number><unit>` parts
 * with units ms, s, m, h, d (`'30s'`, `'5m'`, `'1h30m'`, `'1.5h'`).
 */
export type Duration = number | string;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/y;

/** Milliseconds of a duration, or a message saying what is wrong with it. */
export function durationMs(value: unknown): number | { error: string } {
  if (typeof value === 'number') {
    return Number.isFinite(value) && value >= 0
      ? value
      : { error: `must be a non-negative number of milliseconds, got ${value}` };
  }
  if (typeof value !== 'string') {
    return { error: `must be milliseconds or a string like '30s', '5m', '1h', got ${describeValue(value)}` };
  }
  const text = value.trim();
  let total = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < text.length) {
    const at = PART.lastIndex;
    const match = PART.exec(text);
    if (match === null || match.index !== at) {
      return { error: `must be a duration like '30s', '5m', '1h' or '1h30m', got ${describeValue(value)}` };
    }
    total += Number(match[1]) * (UNIT_MS[match[2] as string] as number);
  }
  if (text.length === 0) return { error: "must be a duration like '30s', '5m' or '1h', got an empty string" };
  return Math.round(total);
}

/** `90_000` → `'1m30s'`: how durations read back in messages and status. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${ms}ms`;
  const parts: string[] = [];
  let rest = Math.round(ms / 1000);
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3600],
    ['m', 60],
  ] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  if (rest > 0) parts.push(`${rest}s`);
  return parts.join('');
}
