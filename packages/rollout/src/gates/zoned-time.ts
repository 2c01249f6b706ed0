import type { Weekday } from '../plan/types.js';

/** Wall-clock time in an IANA zone, read with Intl.DateTimeFormat (no time-zone library). */
export interface ZonedTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: Weekday;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS: Record<string, Weekday> = {
  Mon: 'mon',
  Tue: 'tue',
  Wed: 'wed',
  Thu: 'thu',
  Fri: 'fri',
  Sat: 'sat',
  Sun: 'sun',
};

function formatter(timeZone: string): Intl.DateTimeFormat {
  let cached = formatters.get(timeZone);
  if (cached === undefined) {
    cached = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    formatters.set(timeZone, cached);
  }
  return cached;
}

export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

export function zonedTime(epochMs: number, timeZone: string): ZonedTime {
  const parts: Record<string, string> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(epochMs))) parts[part.type] = part.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: WEEKDAYS[parts.weekday ?? ''] ?? 'mon',
  };
}

/**
 * The instant at which the zone's clocks show the given wall-clock time. The zone's offsets a day
 * before and a day after give every candidate: a repeated autumn hour resolves to its first
 * occurrence, a time skipped by a spring-forward to the instant just after the gap.
 */
export function zonedToEpoch(
  local: { year: number; month: number; day: number; hour?: number; minute?: number; second?: number },
  timeZone: string,
): number {
  const asUtc = Date.UTC(
    local.year,
    local.month - 1,
    local.day,
    local.hour ?? 0,
    local.minute ?? 0,
    local.second ?? 0,
  );
  const candidates = [asUtc - DAY_MS, asUtc, asUtc + DAY_MS].map(
    (probe) => asUtc - offsetAt(probe, timeZone),
  );
  const shows = (epoch: number) => {
    const t = zonedTime(epoch, timeZone);
    return Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second) === asUtc;
  };
  const exact = candidates.filter(shows);
  return exact.length > 0 ? Math.min(...exact) : Math.max(...candidates);
}

const DAY_MS = 86_400_000;

function offsetAt(epochMs: number, timeZone: string): number {
  const t = zonedTime(epochMs, timeZone);
  const wall = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
  return wall - Math.floor(epochMs / 1000) * 1000;
}
