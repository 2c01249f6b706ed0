import { mergeHistogramData } from '../../metrics/histogram.js';
import { summarizeArms } from '../../metrics/summarize.js';
import type { ArmMetrics, MetricsQuery, MetricsWindow } from '../../metrics/types.js';

/**
 * Metrics windows summed across instances: one entry per (flag, variation, windowStart), so memory
 * grows with flags × variations × retained windows, never with requests or instances.
 */
export class MetricsWindows {
  readonly #retentionMs: number;
  /** flagKey → `${variation}\0${windowStart}` → summed window. */
  readonly #byFlag = new Map<string, Map<string, MetricsWindow>>();

  constructor(retentionMs: number) {
    this.#retentionMs = retentionMs;
  }

  add(windows: readonly MetricsWindow[], now: number): void {
    for (const window of windows) {
      let flagWindows = this.#byFlag.get(window.flagKey);
      if (!flagWindows) {
        flagWindows = new Map();
        this.#byFlag.set(window.flagKey, flagWindows);
      }
      const key = `${window.variation}\u0000${window.windowStart}`;
      const existing = flagWindows.get(key);
      flagWindows.set(key, existing ? mergeWindows(existing, window) : copyWindow(window));
    }
    this.#prune(now - this.#retentionMs);
  }

  read(query: MetricsQuery): ArmMetrics[] {
    const flagWindows = this.#byFlag.get(query.flagKey);
    if (!flagWindows) return [];
    const inRange = [...flagWindows.values()].filter(
      (window) => window.windowStart >= query.from && window.windowStart < query.to,
    );
    return summarizeArms(inRange);
  }

  #prune(cutoff: number): void {
    for (const [flagKey, flagWindows] of this.#byFlag) {
      for (const [key, window] of flagWindows) if (window.windowStart < cutoff) flagWindows.delete(key);
      if (flagWindows.size === 0) this.#byFlag.delete(flagKey);
    }
  }
}

// The summed window belongs to no single instance, so `instanceId` is dropped.
function copyWindow(window: MetricsWindow): MetricsWindow {
  const { instanceId: _instanceId, ...rest } = window;
  return structuredClone(rest);
}

function mergeWindows(into: MetricsWindow, add: MetricsWindow): MetricsWindow {
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
