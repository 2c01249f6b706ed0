import { summarizeArms } from '../../metrics/summarize.js';
import type { ArmMetrics, MetricsQuery, MetricsWindow } from '../../metrics/types.js';
import { mergeMetricsWindows, sortWindows, storedMetricsWindow } from '../../metrics/windows.js';

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
      flagWindows.set(key, existing ? mergeMetricsWindows(existing, window) : storedMetricsWindow(window));
    }
    this.#prune(now - this.#retentionMs);
  }

  read(query: MetricsQuery): ArmMetrics[] {
    return summarizeArms(this.#inRange(query));
  }

  /** Copies of the summed windows that start in `[from, to)`, by start then variation. */
  readWindows(query: MetricsQuery): MetricsWindow[] {
    return sortWindows(this.#inRange(query).map((window) => structuredClone(window)));
  }

  #inRange(query: MetricsQuery): MetricsWindow[] {
    const flagWindows = this.#byFlag.get(query.flagKey);
    if (!flagWindows) return [];
    return [...flagWindows.values()].filter(
      (window) => window.windowStart >= query.from && window.windowStart < query.to,
    );
  }

  #prune(cutoff: number): void {
    for (const [flagKey, flagWindows] of this.#byFlag) {
      for (const [key, window] of flagWindows) if (window.windowStart < cutoff) flagWindows.delete(key);
      if (flagWindows.size === 0) this.#byFlag.delete(flagKey);
    }
  }
}
