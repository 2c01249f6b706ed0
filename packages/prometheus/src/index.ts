/**
 * @rampkit/prometheus — Rampkit's series on a prom-client registry.
 *
 * `registerRampkitMetrics` for an application's client, `registerRolloutMetrics` for a controller.
 * The series and their labels are listed in docs/monitoring.md.
 */
export type { RampkitMetrics, RampkitMetricsOptions } from './rampkit-metrics.js';
export { registerRampkitMetrics } from './rampkit-metrics.js';
export type { RolloutGaugeStatus, RolloutMetricsOptions } from './rollout-metrics.js';
export { ROLLOUT_PHASES, ROLLOUT_VERDICTS, registerRolloutMetrics } from './rollout-metrics.js';
export { DEFAULT_BUCKETS, DEFAULT_PREFIX, SERIES } from './series.js';
