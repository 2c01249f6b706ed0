/** A serialisable latency histogram: sparse bucket index → count, plus exact extremes. */
export interface HistogramData {
  /** Bucket index (see metrics/histogram.ts for the bucket layout) → count. */
  buckets: Record<string, number>;
  count: number;
  sum: number;
  min: number;
  max: number;
}

/** What one instance observed for one (flag, variation) during one window. */
export interface MetricsWindow {
  flagKey: string;
  variation: string;
  /** Epoch milliseconds, a multiple of `windowMs`. */
  windowStart: number;
  windowMs: number;
  requests: number;
  errors: number;
  /** Requests the client aborted: neither successes nor errors. */
  aborted: number;
  latency: HistogramData;
  /** Which process reported it (for diagnostics; readers sum across instances). */
  instanceId?: string;
  /**
   * Names this report of the window across retries. When a write fails, the aggregator keeps the
   * window, adds what is recorded meanwhile, and writes it again under the same `writeId`: a store
   * that may have applied the failed write (its reply was lost) replaces the entry written under
   * this id instead of adding a second one, so nothing is counted twice. Stores whose failed writes
   * never apply may ignore it. Unique per process (random prefix); absent in what stores return.
   */
  writeId?: string;
}

export interface MetricsQuery {
  flagKey: string;
  /** Epoch milliseconds, inclusive. */
  from: number;
  /** Epoch milliseconds, exclusive. */
  to: number;
}

/** One arm's totals over a time range, merged across windows and instances. */
export interface ArmMetrics {
  variation: string;
  requests: number;
  errors: number;
  aborted: number;
  /** errors / requests, 0 when there are no requests. */
  errorRate: number;
  latency: HistogramData;
  /** Latency quantiles in milliseconds (NaN when there are no samples). */
  p50: number;
  p90: number;
  p95: number;
  p99: number;
}

/** One outcome passed to `client.record`. */
export interface Outcome {
  /** The request failed (status ≥ 500, a thrown handler…). @default false */
  error?: boolean;
  /** The client went away before the response: counted apart, not as an error. @default false */
  aborted?: boolean;
  /** Time from request start to finish, in milliseconds. */
  latencyMs?: number;
}
