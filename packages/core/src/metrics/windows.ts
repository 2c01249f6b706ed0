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
