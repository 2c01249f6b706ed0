import type { MetricsQuery, MetricsWindow } from '@rampkit/core';

/** Which windows a source is asked for: those of `arms` (variations) that start in `[from, to)`. */
export interface ArmsQuery extends MetricsQuery {
  arms: readonly string[];
}

/**
 * Where a controller reads a rollout's metrics windows: the store the middleware flushes to (every
 * `MetricsStore` is one), or a monitoring system (`createPrometheusSource`). Windows follow
 * `MetricsStore.readMetricsWindows`: one per (variation, window start), complete, ordered by start
 * then variation; an arm with no data has no window, never a window of zeros made up for it.
 */
export interface MetricsSource {
  readMetricsWindows(query: ArmsQuery): Promise<MetricsWindow[]>;
  /**
   * How far behind now the newest window this source returns may end (Prometheus: its lag plus a
   * window): the latest interval, where absolute limits are checked, reaches back this much further,
   * so it is never empty only because the source waits for windows to complete. @default 0
   */
  readonly delayMs?: number;
}
