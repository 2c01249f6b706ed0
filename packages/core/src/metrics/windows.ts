import { mergeHistogramData } from './histogram.js';
import type { MetricsWindow } from './types.js';

/**
 * Sums two reports of the same (flag, variation, window) — from two instances, or two flushes of
 * one — as every metrics store does on write. The sum belongs to no single instance or write, so
 * `instanceId` and `writeId` are left out.
 */
export function mergeMetricsWindows(into: MetricsWindow, add: MetricsWindow): MetricsWindow {
  return {
    flagKey: into.flagKey,
    variation: into.variation,
    windowStart: into.windowStart,
    windowMs: into.windowMs,
    requests: into.requests + add.requests,
    errors: into.errors + add.errors,
    aborted: into.aborted + add.aborted,
    latency: mergeHistogramData(into.latency, add.latency),
  };
}

/** A deep copy of a window to keep in a store, without the reporting instance's id and write id. */
export function storedMetricsWindow(window: MetricsWindow): MetricsWindow {
  const { instanceId: _instanceId, writeId: _writeId, ...rest } = window;
  return structuredClone(rest);
}

/**
 * Sums reports per (variation, window start) — the same window from several instances — and orders
 * the result by start, then variation (code-unit order): what `readMetricsWindows` returns.
 */
export function mergeWindowReports(reports: Iterable<MetricsWindow>): MetricsWindow[] {
  const merged = new Map<string, MetricsWindow>();
  for (const report of reports) {
    const key = `${report.windowStart}\u0000${report.variation}`;
    const existing = merged.get(key);
    merged.set(key, existing ? mergeMetricsWindows(existing, report) : storedMetricsWindow(report));
  }
  return sortWindows([...merged.values()]);
}

/** Orders windows by start, then variation (code-unit order, the same in every locale). */
export function sortWindows(windows: MetricsWindow[]): MetricsWindow[] {
  return windows.sort(
    (a, b) =>
      a.windowStart - b.windowStart || (a.variation < b.variation ? -1 : a.variation > b.variation ? 1 : 0),
  );
}
