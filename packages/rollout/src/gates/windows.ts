import type { Weekday, WindowSpec } from '../plan/types.js';
import { zonedTime } from './zoned-time.js';

const ORDER: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** True when no windows are declared or `now` falls inside one of them. */
export function inDeploymentWindow(now: number, windows: readonly WindowSpec[]): boolean {
  return windows.length === 0 || windows.some((window) => inWindow(now, window));
}

function inWindow(now: number, window: WindowSpec): boolean {
  const local = zonedTime(now, window.timeZone);
  const minute = local.hour * 60 + local.minute;
  const today = window.days.includes(local.weekday);
  if (window.end > window.start) return today && minute >= window.start && minute < window.end;
  // Past midnight: the evening belongs to a listed day, the early morning to the day after one.
  const yesterday = window.days.includes(ORDER[(ORDER.indexOf(local.weekday) + 6) % 7] as Weekday);
  return (today && minute >= window.start) || (yesterday && minute < window.end);
}

/** `Mon–Fri 09:00–17:00 Europe/Berlin`, and the local time now, for the reason a step waits. */
export function describeWindowWait(now: number, windows: readonly WindowSpec[]): string {
  const first = windows[0];
  const shown = windows.map(describeWindow).join(' or ');
  if (first === undefined) return 'no deployment window declared';
  const local = zonedTime(now, first.timeZone);
  const clock = `${capitalise(local.weekday)} ${hhmm(local.hour * 60 + local.minute)} ${first.timeZone}`;
  return `outside the deployment window (${shown}); it is ${clock}`;
}

export function describeWindow(window: WindowSpec): string {
  return `${describeDays(window.days)} ${hhmm(window.start)}–${hhmm(window.end)} ${window.timeZone}`;
}

function describeDays(days: readonly Weekday[]): string {
  if (days.length === 7) return 'every day';
  const indices = days.map((day) => ORDER.indexOf(day)).sort((a, b) => a - b);
  const contiguous = indices.every((index, i) => i === 0 || index === (indices[i - 1] as number) + 1);
  if (contiguous && indices.length > 2) {
    return `${capitalise(ORDER[indices[0] as number] as Weekday)}–${capitalise(ORDER[indices.at(-1) as number] as Weekday)}`;
  }
  return indices.map((index) => capitalise(ORDER[index] as Weekday)).join(',');
}

function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

function capitalise(day: Weekday): string {
  return day.charAt(0).toUpperCase() + day.slice(1);
}
