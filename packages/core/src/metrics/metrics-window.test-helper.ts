import { LatencyHistogram } from './histogram.js';
import type { MetricsWindow } from './types.js';

/* The metrics window the metrics and store tests build: one place for its defaults. */

/**
 * A 10-second window of flag `checkout` for `variation`, starting at 0 with no requests unless
 * `fields` says otherwise, its latency histogram holding `latencies`.
 */
export function metricsWindow(
  variation: string,
  fields: Partial<Omit<MetricsWindow, 'variation' | 'latency'>> = {},
  latencies: readonly number[] = [],
): MetricsWindow {
  const histogram = new LatencyHistogram();
  for (const ms of latencies) histogram.record(ms);
  return {
    flagKey: 'checkout',
    variation,
    windowStart: 0,
    windowMs: 10_000,
    requests: 0,
    errors: 0,
    aborted: 0,
    ...fields,
    latency: histogram.toData(),
  };
}
