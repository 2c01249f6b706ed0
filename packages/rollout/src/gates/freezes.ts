import type { FreezeSpec } from '../plan/types.js';
import { zonedToEpoch } from './zoned-time.js';

/** The freeze in force at `now` (the first declared, when several overlap). */
export function activeFreeze(now: number, freezes: readonly FreezeSpec[]): FreezeSpec | undefined {
  return freezes.find((freeze) => now >= freeze.from && now < freeze.to);
}

export function describeFreeze(freeze: FreezeSpec): string {
  return `change freeze "${freeze.reason}" (${new Date(freeze.from).toISOString()} to ${new Date(freeze.to).toISOString()})`;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;
const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

/**
 * Epoch milliseconds of a freeze bound. A bare date is the start of that day in `timeZone`, or, as
 * the end of a freeze (`end: true`), the start of the next day, so the named day is frozen whole.
 */
export function freezeBound(text: string, timeZone: string, end: boolean): number | undefined {
  if (WITH_OFFSET.test(text)) {
    const parsed = Date.parse(text);
    return Number.isNaN(parsed) ? undefined : parsed;
  }
  const date = DATE.exec(text);
  if (date) {
    const [year, month, day] = [Number(date[1]), Number(date[2]), Number(date[3])];
    if (!validDate(year, month, day)) return undefined;
    const next = new Date(Date.UTC(year, month - 1, day + (end ? 1 : 0)));
    return zonedToEpoch(
      { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() },
      timeZone,
    );
  }
  const local = LOCAL_DATE_TIME.exec(text);
  if (local) {
    const [year, month, day, hour, minute, second] = local.slice(1).map((part) => Number(part ?? 0));
    if (
      !validDate(year as number, month as number, day as number) ||
      (hour as number) > 23 ||
      (minute as number) > 59
    ) {
      return undefined;
    }
    return zonedToEpoch(
      {
        year: year as number,
        month: month as number,
        day: day as number,
        hour: hour as number,
        minute: minute as number,
        second: second as number,
      },
      timeZone,
    );
  }
  return undefined;
}

function validDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
