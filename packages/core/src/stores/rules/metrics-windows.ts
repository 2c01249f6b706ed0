import type { MetricsQuery, MetricsWindow } from '../../metrics/types.js';
import { mergeMetricsWindows, storedMetricsWindow } from '../../metrics/windows.js';

/**
 * How long stores keep metrics windows: the analysis horizon. A rollout's evidence reaches back at
 * most this far, so windows that started longer ago are dropped on the next write.
 */
export const DEFAULT_METRICS_RETENTION_MS = 3_600_000;

/**
 * The stored windows after a write of `incoming`: one window per (flag, variation, windowStart),
 * reports of the same window summed (across instances and flushes), and every window that started
 * before `now - retentionMs` dropped. So what is kept grows with flags × variations × windows in the
 * horizon, never with requests, instances or flushes. Neither input is modified.
 */
export function addMetricsWindows(
  stored: readonly MetricsWindow[],
  incoming: readonly MetricsWindow[],
  now: number,
  retentionMs: number,
): MetricsWindow[] {
  const cutoff = now - retentionMs;
  const byKey = new Map<string, MetricsWindow>();
  for (const window of stored) if (window.windowStart >= cutoff) byKey.set(windowKey(window), window);
  for (const window of incoming) {
    if (window.windowStart < cutoff) continue;
    const key = windowKey(window);
    const existing = byKey.get(key);
    byKey.set(
      key,
      existing === undefined ? storedMetricsWindow(window) : mergeMetricsWindows(existing, window),
    );
  }
  return [...byKey.values()];
}

/** The stored windows of `query.flagKey` that start in `[from, to)`, in stored order (not copies). */
export function metricsWindowsIn(stored: readonly MetricsWindow[], query: MetricsQuery): MetricsWindow[] {
  return stored.filter(
    (window) =>
      window.flagKey === query.flagKey && window.windowStart >= query.from && window.windowStart < query.to,
  );
}

function windowKey(window: MetricsWindow): string {
  return JSON.stringify([window.flagKey, window.variation, window.windowStart]);
}
