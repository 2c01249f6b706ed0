import { describe, expect, it } from 'vitest';
import { mergeIntervals } from './merge-intervals.js';
import type { ArmInterval } from './report-data.js';

/** One interval per verdict, 10 s apart: `i` requests on each arm, an error in every tenth. */
const verdictIntervals = (count: number): ArmInterval[] =>
  Array.from({ length: count }, (_, i) => {
    const point = (requests: number) => ({
      requests,
      errors: i % 10 === 0 ? 1 : 0,
      errorRate: requests > 0 ? (i % 10 === 0 ? 1 : 0) / requests : null,
      p50: i,
      p95: i + 0.5,
      p99: null,
    });
    return { from: i * 10_000, to: (i + 1) * 10_000, stable: point(i + 1), canary: point(i) };
  });

const sum = (intervals: readonly ArmInterval[], pick: (interval: ArmInterval) => number) =>
  intervals.reduce((total, interval) => total + pick(interval), 0);

describe('intervals rebuilt from a long rollout’s verdicts', () => {
  it('are merged into at most the chart’s bound, covering the same time and traffic', () => {
    const intervals = verdictIntervals(1_000);
    const merged = mergeIntervals(intervals, 60);
    expect(merged.length).toBeLessThanOrEqual(60);
    expect(merged[0]!.from).toBe(0);
    expect(merged.at(-1)!.to).toBe(10_000_000);
    for (let i = 1; i < merged.length; i++) expect(merged[i]!.from).toBe(merged[i - 1]!.to);
    for (const arm of ['stable', 'canary'] as const) {
      expect(sum(merged, (interval) => interval[arm].requests)).toBe(sum(intervals, (i) => i[arm].requests));
      expect(sum(merged, (interval) => interval[arm].errors)).toBe(100);
    }
  });

  it('keep each group’s last (cumulative) percentiles and recompute its error rate', () => {
    const merged = mergeIntervals(verdictIntervals(200), 50);
    expect(merged).toHaveLength(50);
    expect(merged[0]).toEqual({
      from: 0,
      to: 40_000,
      stable: { requests: 10, errors: 1, errorRate: 0.1, p50: 3, p95: 3.5, p99: null },
      canary: { requests: 6, errors: 1, errorRate: 1 / 6, p50: 3, p95: 3.5, p99: null },
    });
  });

  it('are left as they are when there are few enough', () => {
    const intervals = verdictIntervals(60);
    expect(mergeIntervals(intervals, 60)).toEqual(intervals);
  });
});
