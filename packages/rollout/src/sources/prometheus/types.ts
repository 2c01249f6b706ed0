import type { Duration } from '../../duration.js';

/**
 * PromQL templates, one per measure, each evaluated once per arm. Placeholders: `{{arm}}` (the
 * variation: the plan's `stable` or `canary`), `{{flag}}` (the plan's flag key) and `{{window}}`
 * (the window as a PromQL duration, `10s`). Each must return at most one series: aggregate with
 * `sum(...)` (`sum by (le)` for buckets). Counters reset when a process restarts: read them through
 * `increase(...[{{window}}])`, which Prometheus corrects for resets.
 */
export interface PrometheusQueries {
  /** Requests an arm served in the window ending at each evaluation time. */
  requests: string;
  /**
   * Errors among them. An arm with requests but no errors series at a time has no window there (a
   * mistyped query must not read as "no errors"): to read 0 when nothing failed, add
   * `or <the requests query> * 0`.
   */
  errors: string;
  /**
   * Optional: the latency histogram's cumulative bucket counts in the window, one series per `le`
   * (`sum by (le) (increase(..._bucket{...}[{{window}}]))`). Without it the arms carry no latency.
   */
  latencyBuckets?: string;
}

/** A Prometheus source as a plan names it (`analysis.source.prometheus`): plain JSON, stored with the rollout. */
export interface PrometheusSourceInput {
  /** Base URL of the Prometheus HTTP API (`http://prometheus:9090`; a path prefix is kept). */
  url: string;
  queries: PrometheusQueries;
  /** Length of each window: the range queries' step. @default '10s' */
  window?: Duration;
  /**
   * Windows that end less than this before now are not read yet: Prometheus has not scraped all of
   * them, and a partial window would be compared as if it were whole. At least a scrape interval
   * plus the scrape's duration. @default '30s'
   */
  lag?: Duration;
  /** Each query must answer within this. @default '10s' */
  timeout?: Duration;
  /** Sent with every query (`X-Scope-OrgID`, …). Stored with the plan: no secrets here. @default {} */
  headers?: Record<string, string>;
  /** Name of an environment variable of the controller's process holding a bearer token. */
  bearerTokenEnv?: string;
  /** Unit of the `le` labels of `latencyBuckets`. @default 'seconds' */
  latencyUnit?: 'seconds' | 'milliseconds';
}

/** A validated Prometheus source: what a plan stores. */
export interface PrometheusSourceSpec {
  url: string;
  queries: PrometheusQueries;
  windowMs: number;
  lagMs: number;
  timeoutMs: number;
  headers: Record<string, string>;
  bearerTokenEnv?: string;
  latencyUnit: 'seconds' | 'milliseconds';
}
