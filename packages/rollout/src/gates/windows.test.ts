import { describe, expect, it } from 'vitest';
import type { WindowSpec } from '../plan/types.js';
import { activeFreeze, freezeBound } from './freezes.js';
import { describeWindowWait, inDeploymentWindow } from './windows.js';
import { zonedToEpoch } from './zoned-time.js';

const weekdaysBerlin: WindowSpec = {
  days: ['mon', 'tue', 'wed', 'thu', 'fri'],
  start: 9 * 60,
  end: 17 * 60,
  timeZone: 'Europe/Berlin',
};

describe('deployment windows: days and hours in an IANA time zone', () => {
  it('is open on a listed day inside the hours, in local time (CET and CEST)', () => {
    // Wednesday 2025-01-15: Berlin is UTC+1; 08:30Z is 09:30 local.
    expect(inDeploymentWindow(Date.parse('2025-01-15T08:30:00Z'), [weekdaysBerlin])).toBe(true);
    expect(inDeploymentWindow(Date.parse('2025-01-15T07:59:00Z'), [weekdaysBerlin])).toBe(false);
    expect(inDeploymentWindow(Date.parse('2025-01-15T16:00:00Z'), [weekdaysBerlin])).toBe(false);
    // Wednesday 2025-07-16: UTC+2; 07:30Z is 09:30 local.
    expect(inDeploymentWindow(Date.parse('2025-07-16T07:30:00Z'), [weekdaysBerlin])).toBe(true);
    expect(inDeploymentWindow(Date.parse('2025-07-16T15:00:00Z'), [weekdaysBerlin])).toBe(false);
  });

  it('is closed on days not listed, judged by the local day, not the UTC day', () => {
    // Saturday 10:00 local.
    expect(inDeploymentWindow(Date.parse('2025-01-18T09:00:00Z'), [weekdaysBerlin])).toBe(false);
    // Friday 23:30Z is already Saturday 08:30 in Tokyo.
    const tokyo: WindowSpec = { days: ['fri'], start: 0, end: 24 * 60, timeZone: 'Asia/Tokyo' };
    expect(inDeploymentWindow(Date.parse('2025-01-17T23:30:00Z'), [tokyo])).toBe(false);
    expect(inDeploymentWindow(Date.parse('2025-01-17T14:30:00Z'), [tokyo])).toBe(true);
  });

  it('runs past midnight when end is before start, belonging to the day it starts', () => {
    const night: WindowSpec = { days: ['fri'], start: 22 * 60, end: 2 * 60, timeZone: 'UTC' };
    expect(inDeploymentWindow(Date.parse('2025-01-17T23:00:00Z'), [night])).toBe(true);
    expect(inDeploymentWindow(Date.parse('2025-01-18T01:00:00Z'), [night])).toBe(true);
    expect(inDeploymentWindow(Date.parse('2025-01-18T03:00:00Z'), [night])).toBe(false);
    expect(inDeploymentWindow(Date.parse('2025-01-17T01:00:00Z'), [night])).toBe(false);
  });

  it('is always open without windows, and open in any of several', () => {
    expect(inDeploymentWindow(0, [])).toBe(true);
    const weekend: WindowSpec = { days: ['sat', 'sun'], start: 0, end: 24 * 60, timeZone: 'UTC' };
    expect(inDeploymentWindow(Date.parse('2025-01-18T09:00:00Z'), [weekdaysBerlin, weekend])).toBe(true);
  });

  it('says which window it waits for and what time it is there', () => {
    expect(describeWindowWait(Date.parse('2025-01-18T09:00:00Z'), [weekdaysBerlin])).toBe(
      'outside the deployment window (Mon–Fri 09:00–17:00 Europe/Berlin); it is Sat 10:00 Europe/Berlin',
    );
  });
});

describe('change freezes: date ranges', () => {
  it('reads a bare date as the whole local day, and date-times with or without offsets', () => {
    const from = freezeBound('2025-12-24', 'America/New_York', false);
    const to = freezeBound('2025-12-26', 'America/New_York', true);
    expect(new Date(from as number).toISOString()).toBe('2025-12-24T05:00:00.000Z');
    expect(new Date(to as number).toISOString()).toBe('2025-12-27T05:00:00.000Z');
    expect(freezeBound('2025-12-24T18:00', 'Europe/Berlin', false)).toBe(Date.parse('2025-12-24T17:00:00Z'));
    expect(freezeBound('2025-12-24T18:00:00+02:00', 'UTC', false)).toBe(Date.parse('2025-12-24T16:00:00Z'));
    expect(freezeBound('2025-02-30', 'UTC', false)).toBeUndefined();
  });

  it('is in force from its start (inclusive) to its end (exclusive)', () => {
    const freeze = { from: 1000, to: 2000, reason: 'Black Friday' };
    expect(activeFreeze(999, [freeze])).toBeUndefined();
    expect(activeFreeze(1000, [freeze])).toBe(freeze);
    expect(activeFreeze(2000, [freeze])).toBeUndefined();
  });

  it('converts local wall-clock times across DST changes', () => {
    // Europe/Berlin springs forward on 2025-03-30 at 02:00 → 03:00.
    expect(zonedToEpoch({ year: 2025, month: 3, day: 30, hour: 1, minute: 30 }, 'Europe/Berlin')).toBe(
      Date.parse('2025-03-30T00:30:00Z'),
    );
    expect(zonedToEpoch({ year: 2025, month: 3, day: 30, hour: 3, minute: 30 }, 'Europe/Berlin')).toBe(
      Date.parse('2025-03-30T01:30:00Z'),
    );
  });
});

describe('wall-clock times that DST skips or repeats', () => {
  it('moves a skipped time past the gap and takes the first of a repeated hour', () => {
    expect(zonedToEpoch({ year: 2025, month: 3, day: 30, hour: 2, minute: 30 }, 'Europe/Berlin')).toBe(
      Date.parse('2025-03-30T01:30:00Z'),
    );
    // 2025-10-26 02:30 happens twice in Berlin: first at 00:30Z (CEST), then 01:30Z (CET).
    expect(zonedToEpoch({ year: 2025, month: 10, day: 26, hour: 2, minute: 30 }, 'Europe/Berlin')).toBe(
      Date.parse('2025-10-26T00:30:00Z'),
    );
  });
});
