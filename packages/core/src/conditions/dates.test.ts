import { describe, expect, it } from 'vitest';
import { parseIsoDate, toEpochMillis } from './dates.js';

describe('ISO-8601 instants read the same in every process', () => {
  it.each([
    ['2025-03-01', Date.UTC(2025, 2, 1)],
    ['2025-03-01T09:30', Date.UTC(2025, 2, 1, 9, 30)],
    ['2025-03-01T09:30:15', Date.UTC(2025, 2, 1, 9, 30, 15)],
    ['2025-03-01t09:30:15z', Date.UTC(2025, 2, 1, 9, 30, 15)],
    ['2025-03-01 09:30:15Z', Date.UTC(2025, 2, 1, 9, 30, 15)],
    ['2025-03-01T09:30:15.250Z', Date.UTC(2025, 2, 1, 9, 30, 15, 250)],
    ['2025-03-01T09:30:15.2Z', Date.UTC(2025, 2, 1, 9, 30, 15, 200)],
    ['2025-03-01T09:30:15.123456789Z', Date.UTC(2025, 2, 1, 9, 30, 15, 123)],
    ['2025-03-01T09:30:15+01:00', Date.UTC(2025, 2, 1, 8, 30, 15)],
    ['2025-03-01T09:30:15-0230', Date.UTC(2025, 2, 1, 12, 0, 15)],
    ['2025-03-01T09:30:15+05', Date.UTC(2025, 2, 1, 4, 30, 15)],
    ['2024-02-29', Date.UTC(2024, 1, 29)],
  ])('%s', (text, expected) => {
    expect(parseIsoDate(text)).toBe(expected);
  });

  it('keeps years before 100 where they are (Date.UTC would move them to the 1900s)', () => {
    const instant = parseIsoDate('0050-06-01T12:00:00Z');
    expect(instant).toBeDefined();
    const date = new Date(instant ?? Number.NaN);
    expect([date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate(), date.getUTCHours()]).toEqual([
      50, 5, 1, 12,
    ]);
  });

  it('reads a date-time without an offset as UTC, not as local time', () => {
    expect(parseIsoDate('2025-07-01T00:00:00')).toBe(Date.UTC(2025, 6, 1));
  });

  it.each([
    '',
    '2025',
    '2025-3-1',
    '2025-13-01',
    '2025-00-10',
    '2025-02-29',
    '2025-04-31',
    '2025-03-01T24:00',
    '2025-03-01T10:60',
    '2025-03-01T10:00:60',
    '2025-03-01T10:00+24:00',
    '2025-03-01T10:00+01:60',
    '2025-03-01Z',
    'March 1, 2025',
    'Sat, 01 Mar 2025 00:00:00 GMT',
    '1740787200000',
    `2025-03-01T10:00:00.${'1'.repeat(100)}Z`,
  ])('%j is not an ISO-8601 instant', (text) => {
    expect(parseIsoDate(text)).toBeUndefined();
  });
});

describe('context instants may be Dates, ISO strings or epoch milliseconds', () => {
  it('accepts each form', () => {
    const instant = Date.UTC(2025, 0, 2, 3, 4, 5);
    expect(toEpochMillis(new Date(instant))).toBe(instant);
    expect(toEpochMillis(instant)).toBe(instant);
    expect(toEpochMillis('2025-01-02T03:04:05Z')).toBe(instant);
  });

  it.each([
    ['an invalid Date', new Date(Number.NaN)],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['a boolean', true],
    ['null', null],
    ['an object', { getTime: (): number => 0 }],
    ['a list', ['2025-01-01']],
  ])('refuses %s', (_name, value) => {
    expect(toEpochMillis(value)).toBeUndefined();
  });
});
