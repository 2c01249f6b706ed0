import { fetchFailure } from '../../gates/fetch-failure.js';
import type { Fetch } from '../../gates/http.js';
import { MetricsSourceError } from '../errors.js';

/** One series of a range query: its labels and its `[seconds, "value"]` samples. */
export interface RangeSeries {
  metric: Record<string, string>;
  values: [number, string][];
}

export interface RangeQuery {
  query: string;
  /** Evaluation times, epoch milliseconds (whole seconds are sent as Prometheus wants them). */
  startMs: number;
  endMs: number;
  stepMs: number;
}

export interface ClientOptions {
  url: string;
  fetch: Fetch;
  timeoutMs: number;
  headers: Record<string, string>;
}

/**
 * `GET /api/v1/query_range` (https://prometheus.io/docs/prometheus/latest/querying/api/#range-queries).
 * Returns the matrix's series.
 * @throws MetricsSourceError for every failure, with the query and what Prometheus said
 */
export async function queryRange(client: ClientOptions, range: RangeQuery): Promise<RangeSeries[]> {
  const params = new URLSearchParams({
    query: range.query,
    start: seconds(range.startMs),
    end: seconds(range.endMs),
    step: seconds(range.stepMs),
    timeout: seconds(client.timeoutMs),
  });
  const endpoint = `${client.url.replace(/\/+$/, '')}/api/v1/query_range`;
  const where = `Prometheus at ${client.url}`;
  let response: Response;
  let text: string;
  try {
    response = await client.fetch(endpoint, {
      method: 'POST',
      headers: { ...client.headers, 'content-type': 'application/x-www-form-urlencoded' },
      body: params.toString(),
      signal: AbortSignal.timeout(client.timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    const failure = fetchFailure(error);
    if (failure.timedOut) {
      throw new MetricsSourceError(
        'RAMPKIT_METRICS_SOURCE_TIMEOUT',
        `${where} did not answer within ${client.timeoutMs}ms`,
        { query: range.query, cause: error },
      );
    }
    throw new MetricsSourceError(
      'RAMPKIT_METRICS_SOURCE_UNAVAILABLE',
      `${where} is unreachable: ${failure.detail}`,
      {
        query: range.query,
        cause: error,
      },
    );
  }
  const { status } = response;
  const body = parseJson(text);
  // Prometheus answers 400 (bad_data), 422 (execution) and 503 (timeout, canceled) with an error payload.
  if (isErrorPayload(body)) {
    throw new MetricsSourceError(
      'RAMPKIT_METRICS_SOURCE_QUERY',
      `${where} refused the query (HTTP ${status}, ${body.errorType}): ${body.error}; query: ${range.query}`,
      { query: range.query, status, errorType: body.errorType },
    );
  }
  if (status === 401 || status === 403) {
    throw new MetricsSourceError(
      'RAMPKIT_METRICS_SOURCE_UNAUTHORIZED',
      `${where} answered HTTP ${status}: check the source's headers and bearer token`,
      { query: range.query, status },
    );
  }
  if (status < 200 || status >= 300) {
    throw new MetricsSourceError(
      status >= 500 ? 'RAMPKIT_METRICS_SOURCE_UNAVAILABLE' : 'RAMPKIT_METRICS_SOURCE_RESPONSE',
      `${where} answered HTTP ${status}: ${text.slice(0, 200)}`,
      { query: range.query, status },
    );
  }
  return matrixOf(body, `${where} (query: ${range.query})`, range.query, status);
}

/**
 * Prometheus refuses a range query of more than 11,000 points per series: a rollout long enough to
 * need more (30 hours of 10-second windows) is read in parts, their series joined by label set.
 */
export const MAX_POINTS = 10_000;

export async function queryRangeInParts(client: ClientOptions, range: RangeQuery): Promise<RangeSeries[]> {
  const span = (MAX_POINTS - 1) * range.stepMs;
  if (range.endMs - range.startMs <= span) return queryRange(client, range);
  const joined = new Map<string, RangeSeries>();
  for (let startMs = range.startMs; startMs <= range.endMs; startMs += span + range.stepMs) {
    const part = await queryRange(client, {
      ...range,
      startMs,
      endMs: Math.min(range.endMs, startMs + span),
    });
    for (const series of part) {
      const key = JSON.stringify(Object.entries(series.metric).sort(([a], [b]) => (a < b ? -1 : 1)));
      const existing = joined.get(key);
      if (existing === undefined) joined.set(key, { metric: series.metric, values: [...series.values] });
      else existing.values.push(...series.values);
    }
  }
  return [...joined.values()];
}

function seconds(ms: number): string {
  return String(ms / 1000);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isErrorPayload(body: unknown): body is { errorType: string; error: string } {
  const b = body as { status?: unknown; error?: unknown; errorType?: unknown } | undefined;
  return typeof b === 'object' && b !== null && b.status === 'error' && typeof b.error === 'string';
}

function matrixOf(body: unknown, where: string, query: string, status: number): RangeSeries[] {
  const fail = (why: string) =>
    new MetricsSourceError('RAMPKIT_METRICS_SOURCE_RESPONSE', `${where}: ${why}`, { query, status });
  const b = body as { status?: unknown; data?: { resultType?: unknown; result?: unknown } } | undefined;
  if (typeof b !== 'object' || b === null || b.status !== 'success')
    throw fail('the answer is not a Prometheus API success payload');
  if (b.data?.resultType !== 'matrix' || !Array.isArray(b.data.result))
    throw fail(`expected a matrix, got ${JSON.stringify(b.data?.resultType)}`);
  for (const series of b.data.result as unknown[]) {
    const s = series as Partial<RangeSeries> | null;
    const valid =
      typeof s === 'object' &&
      s !== null &&
      typeof s.metric === 'object' &&
      Array.isArray(s.values) &&
      s.values.every((v) => Array.isArray(v) && typeof v[0] === 'number' && typeof v[1] === 'string');
    if (!valid) throw fail('a series is not { metric, values: [[seconds, "value"], …] }');
  }
  return b.data.result as RangeSeries[];
}
