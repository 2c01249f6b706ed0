import type { ArmInterval, ArmPoint } from './report-data.js';

/**
 * At most `max` intervals covering what `intervals` cover, consecutive ones merged in groups of
 * equal size: a rollout's verdicts, once its metrics expired, give one interval each and a long
 * rollout has thousands, which every chart, its table and each live update of the dashboard carry.
 * Requests and errors add up; the latency percentiles are the group's last, since a verdict's are
 * cumulative already.
 */
export function mergeIntervals(intervals: readonly ArmInterval[], max: number): ArmInterval[] {
  if (intervals.length <= max) return [...intervals];
  const size = Math.ceil(intervals.length / max);
  const merged: ArmInterval[] = [];
  for (let start = 0; start < intervals.length; start += size) {
    const group = intervals.slice(start, start + size);
    const first = group[0]!;
    const last = group.at(-1)!;
    merged.push({
      from: first.from,
      to: last.to,
      stable: mergePoints(group.map((interval) => interval.stable)),
      canary: mergePoints(group.map((interval) => interval.canary)),
    });
  }
  return merged;
}

function mergePoints(points: readonly ArmPoint[]): ArmPoint {
  let requests = 0;
  let errors = 0;
  for (const point of points) {
    requests += point.requests;
    errors += point.errors;
  }
  const last = points.at(-1)!;
  return {
    requests,
    errors,
    errorRate: requests > 0 ? errors / requests : null,
    p50: last.p50,
    p95: last.p95,
    p99: last.p99,
  };
}
