import { describe, expect, it } from 'vitest';
import { verdictMarks } from './verdict-marks.js';

const STATUSES = ['pass', 'inconclusive', 'pass', 'pass', 'fail'] as const;

/** A verdict every 10 s from `start`, the outcomes cycling through STATUSES. */
const verdicts = (count: number, start = 1_000_000) =>
  Array.from({ length: count }, (_, i) => ({
    at: start + i * 10_000,
    status: STATUSES[i % STATUSES.length]!,
  }));

describe('the verdict lines a rollout chart draws', () => {
  it('are every verdict while there are few', () => {
    const few = verdicts(120);
    expect(verdictMarks(few)).toEqual(few.map((v) => ({ x: Math.round(v.at / 1000), status: v.status })));
  });

  it('stay bounded for a day of verdicts, keeping every outcome in every slice of time', () => {
    const day = verdicts(8_640);
    const marks = verdictMarks(day, 120);
    expect(marks.length).toBeLessThanOrEqual(120 * 3);
    expect(new Set(marks.map((m) => m.status))).toEqual(new Set(['pass', 'inconclusive', 'fail']));
    // Every slice still shows each outcome it held: 72 verdicts a slice hold all three.
    const span = (day.at(-1)!.at - day[0]!.at) / 120 / 1000;
    const first = day[0]!.at / 1000;
    for (let slice = 0; slice < 120; slice++) {
      const inSlice = marks.filter((m) => Math.min(119, Math.floor((m.x - first) / span)) === slice);
      expect(new Set(inSlice.map((m) => m.status)).size, `slice ${slice}`).toBe(3);
    }
    expect(marks.map((m) => m.x)).toEqual([...marks.map((m) => m.x)].sort((a, b) => a - b));
  });

  it('mark a lone failure among thousands of passes', () => {
    const passes = verdicts(5_000).map((v) => ({ ...v, status: 'pass' }));
    passes[3_217] = { ...passes[3_217]!, status: 'fail' };
    const marks = verdictMarks(passes, 120);
    expect(marks.filter((m) => m.status === 'fail')).toEqual([
      { x: Math.round(passes[3_217]!.at / 1000), status: 'fail' },
    ]);
    expect(marks.length).toBeLessThanOrEqual(121);
  });
});
