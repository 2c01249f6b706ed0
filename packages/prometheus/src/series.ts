/**
 * The names of Rampkit's series, without their prefix (`rampkit_` unless the caller gives another).
 * They are a contract: dashboards, alerts and `@rampkit/rollout`'s Prometheus source name them
 * (docs/monitoring.md lists each with its labels).
 */
export const SERIES = {
  requests: 'requests_total',
  requestErrors: 'request_errors_total',
  requestAborts: 'request_aborts_total',
  requestDuration: 'request_duration_seconds',
  evaluations: 'evaluations_total',
  exposures: 'exposures_total',
  storeStale: 'store_stale',
  storeLastSyncAge: 'store_last_sync_age_seconds',
  flushFailures: 'metrics_flush_failures_total',
  rolloutWeight: 'rollout_weight',
  rolloutStep: 'rollout_step',
  rolloutPhase: 'rollout_phase',
  rolloutLastVerdict: 'rollout_last_verdict',
} as const;

/** The prefix of every series name unless one is given. */
export const DEFAULT_PREFIX = 'rampkit_';

/**
 * The request duration histogram's upper bounds in seconds: from 5 ms to 10 s, prom-client's own
 * defaults, which suit an HTTP service's latency. Give others with the `buckets` option.
 */
export const DEFAULT_BUCKETS: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Most (flag, variation) pairs counted per client unless `maxPairs` says otherwise. */
export const DEFAULT_MAX_PAIRS = 1000;
