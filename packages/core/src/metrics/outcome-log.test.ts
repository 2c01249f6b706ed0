import { describe, expect, it } from 'vitest';
import { ABORTED, ERROR, type OutcomeKind, OutcomeLog, SUCCESS } from './outcome-log.js';

type Logged = [string, string, number, OutcomeKind, number];

function drained(log: OutcomeLog): Logged[] {
  const out: Logged[] = [];
  log.drain((flagKey, variation, now, kind, latencyMs) =>
    out.push([flagKey, variation, now, kind, latencyMs]),
  );
  return out;
}

describe('the outcome log hands back what was appended, in order, once', () => {
  it('one outcome per (flag, variation) pair of each call, with the call’s time, kind and latency', () => {
    const log = new OutcomeLog();
    log.append(1_000, SUCCESS, 12.5, ['checkout', 'canary', 'banner', 'on']);
    log.appendOne(1_001, ABORTED, Number.NaN, 'checkout', 'stable');
    log.append(1_002, ERROR, 3, ['checkout', 'canary', 'dangling']);
    log.append(1_003, SUCCESS, 1, []);
    expect(drained(log)).toEqual([
      ['checkout', 'canary', 1_000, SUCCESS, 12.5],
      ['banner', 'on', 1_000, SUCCESS, 12.5],
      ['checkout', 'stable', 1_001, ABORTED, Number.NaN],
      ['checkout', 'canary', 1_002, ERROR, 3],
    ]);
    expect(log.isEmpty).toBe(true);
    expect(drained(log)).toEqual([]);
  });

  it('is emptied before visiting, so a visitor that throws midway never sees an outcome twice', () => {
    const log = new OutcomeLog();
    log.append(1, SUCCESS, 1, ['a', 'on', 'b', 'on']);
    expect(() =>
      log.drain(() => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(log.isEmpty).toBe(true);
    log.appendOne(2, SUCCESS, 1, 'c', 'on');
    expect(drained(log).map(([flagKey]) => flagKey)).toEqual(['c']);
  });

  it('says when it is full: 512 calls, or 2,048 names', () => {
    const log = new OutcomeLog();
    for (let i = 0; i < 511; i++) log.appendOne(i, SUCCESS, 1, 'a', 'on');
    expect(log.fits(2)).toBe(true);
    log.appendOne(511, SUCCESS, 1, 'a', 'on');
    expect(log.fits(2)).toBe(false);
    expect(drained(log)).toHaveLength(512);

    // A call without a pair takes no room.
    for (let i = 0; i < 1_000; i++) log.append(i, SUCCESS, 1, []);
    expect(log.isEmpty).toBe(true);

    const pairs = Array.from({ length: 1_023 }, (_, i) => [`f${i}`, 'on']).flat();
    log.append(0, SUCCESS, 1, pairs);
    expect(log.fits(2)).toBe(true);
    expect(log.fits(4)).toBe(false);
    expect(OutcomeLog.holds(2_048)).toBe(true);
    expect(OutcomeLog.holds(2_050)).toBe(false);
  });
});
