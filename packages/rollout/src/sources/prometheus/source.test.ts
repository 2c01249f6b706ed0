import { delay, HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isInvalidPlanError } from '../../errors.js';
import { isMetricsSourceError, type MetricsSourceError } from '../errors.js';
import { createPrometheusSource } from './source.js';
import type { PrometheusSourceInput } from './types.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const URL_BASE = 'http://prometheus.test:9090';
const QUERIES = {
  requests: 'sum(increase(rampkit_requests_total{flag="{{flag}}",variation="{{arm}}"}[{{window}}]))',
  errors: 'sum(increase(rampkit_request_errors_total{flag="{{flag}}",variation="{{arm}}"}[{{window}}]))',
  latencyBuckets:
    'sum by (le) (increase(rampkit_request_duration_seconds_bucket{flag="{{flag}}",variation="{{arm}}"}[{{window}}]))',
};
const INPUT: PrometheusSourceInput = {
  url: URL_BASE,
  queries: QUERIES,
  window: '10s',
  lag: '15s',
  timeout: '1s',
};
const T0 = 1_700_000_000_000; // a multiple of 10 s

interface Seen {
  query: string;
  start: number;
  end: number;
  step: number;
  headers: Headers;
}

/** Answers each range query with `answer(query, arm)`; records what was asked. */
function prometheus(answer: (query: string, arm: string) => unknown, seen: Seen[] = []): Seen[] {
  server.use(
    http.post(`${URL_BASE}/api/v1/query_range`, async ({ request }) => {
      const form = new URLSearchParams(await request.text());
      const query = form.get('query') ?? '';
      seen.push({
        query,
        start: Number(form.get('start')),
        end: Number(form.get('end')),
        step: Number(form.get('step')),
        headers: request.headers,
      });
      const arm = /variation="([^"]*)"/.exec(query)?.[1] ?? '';
      return HttpResponse.json(answer(query, arm) as Record<string, unknown>);
    }),
  );
  return seen;
}

function matrix(...series: { metric?: Record<string, string>; values: [number, string][] }[]) {
  return {
    status: 'success',
    data: { resultType: 'matrix', result: series.map((s) => ({ metric: {}, ...s })) },
  };
}

const at = (ms: number) => ms / 1000;
const read = (source = createPrometheusSource(INPUT), to = T0 + 60_000) =>
  source.readMetricsWindows({ flagKey: 'checkout', from: T0, to, arms: ['stable', 'canary'] });

async function failure(promise: Promise<unknown>): Promise<MetricsSourceError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isMetricsSourceError(error)) throw new Error(`expected a MetricsSourceError, got ${String(error)}`);
  return error;
}

describe('Prometheus source: windows from range queries', () => {
  it('asks one range query per arm and measure, stepped by the window, ending before the lag', async () => {
    const seen = prometheus(() => matrix());
    await read();
    expect(seen).toHaveLength(6);
    // Windows start in [T0, T0 + 60 s); those ending after to − lag (T0 + 45 s) are not complete yet.
    for (const s of seen)
      expect({ start: s.start, end: s.end, step: s.step }).toEqual({
        start: at(T0 + 10_000),
        end: at(T0 + 40_000),
        step: 10,
      });
    expect(seen.map((s) => s.query)).toContain(
      'sum(increase(rampkit_requests_total{flag="checkout",variation="canary"}[10s]))',
    );
  });

  it('turns each sample at t into the complete window [t − window, t), per arm, in order', async () => {
    prometheus((query, arm) => {
      const base = arm === 'canary' ? 10 : 100;
      if (query.startsWith('sum by (le)')) {
        return matrix(
          { metric: { le: '0.05' }, values: [[at(T0 + 10_000), String(base * 0.5)]] },
          { metric: { le: '0.1' }, values: [[at(T0 + 10_000), String(base * 0.9)]] },
          { metric: { le: '+Inf' }, values: [[at(T0 + 10_000), String(base)]] },
        );
      }
      const value = query.includes('errors') ? 1.4 : base + 0.4;
      return matrix({
        values: [
          [at(T0 + 10_000), String(value)],
          [at(T0 + 20_000), String(value)],
        ],
      });
    });
    const windows = await read();
    expect(windows.map((w) => [w.windowStart - T0, w.variation, w.requests, w.errors])).toEqual([
      [0, 'canary', 10, 1],
      [0, 'stable', 100, 1],
      [10_000, 'canary', 10, 1],
      [10_000, 'stable', 100, 1],
    ]);
    expect(windows[0]?.windowMs).toBe(10_000);
    const latency = windows[1]?.latency;
    expect(latency?.count).toBe(100);
    // Half at or below 50 ms, counted at 50 ms; 10 above the largest bound, counted just above 100 ms.
    expect(latency?.min).toBeCloseTo(50, 6);
    expect(latency?.max).toBeGreaterThan(100);
    expect(latency?.max).toBeLessThan(102);
    expect(windows[2]?.latency.count).toBe(0);
  });

  it('reads a missing errors series as missing data, not as zero errors', async () => {
    prometheus((query) =>
      query.includes('errors') ? matrix() : matrix({ values: [[at(T0 + 10_000), '50']] }),
    );
    expect(await read()).toEqual([]);
  });

  it('reads no series as no windows: an arm without data has none', async () => {
    prometheus((query, arm) =>
      arm === 'canary' || query.startsWith('sum by (le)')
        ? matrix()
        : matrix({ values: [[at(T0 + 10_000), '5']] }),
    );
    const windows = await read();
    expect(windows.map((w) => w.variation)).toEqual(['stable']);
  });

  it('counts negative, NaN and fractional increases as whole, non-negative numbers, errors never above requests', async () => {
    prometheus((query) =>
      query.startsWith('sum by (le)')
        ? matrix()
        : matrix({
            values: query.includes('errors')
              ? [
                  [at(T0 + 10_000), '9'],
                  [at(T0 + 20_000), 'NaN'],
                ]
              : [
                  [at(T0 + 10_000), '-3'],
                  [at(T0 + 20_000), '7.6'],
                ],
          }),
    );
    const windows = await read();
    expect(windows.filter((w) => w.variation === 'stable').map((w) => [w.requests, w.errors])).toEqual([
      [0, 0],
      [8, 0],
    ]);
  });

  it('reads a rollout longer than 11,000 windows in parts Prometheus accepts, joined', async () => {
    const parts: number[] = [];
    server.use(
      http.post(`${URL_BASE}/api/v1/query_range`, async ({ request }) => {
        const form = new URLSearchParams(await request.text());
        const [start, end, step] = ['start', 'end', 'step'].map((key) => Number(form.get(key)));
        const points = Math.round(((end ?? 0) - (start ?? 0)) / (step ?? 1)) + 1;
        parts.push(points);
        if (points > 11_000)
          return HttpResponse.json(
            {
              status: 'error',
              errorType: 'bad_data',
              error: 'exceeded maximum resolution of 11,000 points per timeseries',
            },
            { status: 400 },
          );
        const query = form.get('query') ?? '';
        return HttpResponse.json(
          query.startsWith('sum by (le)')
            ? matrix()
            : matrix({
                values: [
                  [start ?? 0, '1'],
                  [end ?? 0, '1'],
                ],
              }),
        );
      }),
    );
    const windows = await createPrometheusSource(INPUT).readMetricsWindows({
      flagKey: 'checkout',
      from: T0,
      to: T0 + 25_000 * 10_000,
      arms: ['canary'],
    });
    expect(parts.every((points) => points <= 10_000)).toBe(true);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(3 * (25_000 - 2));
    // Each part's first and last window, one series across the parts.
    expect(windows).toHaveLength(6);
    expect(windows.every((w) => w.variation === 'canary' && w.requests === 1)).toBe(true);
  });

  it('asks nothing when no window is complete yet', async () => {
    const seen = prometheus(() => matrix());
    expect(await read(undefined, T0 + 20_000)).toEqual([]);
    expect(seen).toHaveLength(0);
  });

  it('sends the plan headers and the bearer token from the environment variable it names', async () => {
    const seen = prometheus(() => matrix());
    const source = createPrometheusSource(
      { ...INPUT, headers: { 'X-Scope-OrgID': 'team-a' }, bearerTokenEnv: 'PROM_TOKEN' },
      { env: { PROM_TOKEN: 's3cret' } },
    );
    await read(source);
    expect(seen[0]?.headers.get('authorization')).toBe('Bearer s3cret');
    expect(seen[0]?.headers.get('x-scope-orgid')).toBe('team-a');
  });
});

describe('Prometheus source: every failure is a typed error', () => {
  it('a token variable that is not set: RAMPKIT_METRICS_SOURCE_UNAUTHORIZED, nothing sent', async () => {
    const seen = prometheus(() => matrix());
    const source = createPrometheusSource({ ...INPUT, bearerTokenEnv: 'PROM_TOKEN' }, { env: {} });
    const error = await failure(read(source));
    expect(error.code).toBe('RAMPKIT_METRICS_SOURCE_UNAUTHORIZED');
    expect(error.message).toContain('$PROM_TOKEN');
    expect(seen).toHaveLength(0);
  });

  it('401 and 403: RAMPKIT_METRICS_SOURCE_UNAUTHORIZED with the status', async () => {
    for (const status of [401, 403]) {
      server.use(http.post(`${URL_BASE}/api/v1/query_range`, () => new HttpResponse('denied', { status })));
      const error = await failure(read());
      expect([error.code, error.status]).toEqual(['RAMPKIT_METRICS_SOURCE_UNAUTHORIZED', status]);
    }
  });

  it("Prometheus's error payload: RAMPKIT_METRICS_SOURCE_QUERY with its errorType and message", async () => {
    server.use(
      http.post(`${URL_BASE}/api/v1/query_range`, () =>
        HttpResponse.json(
          { status: 'error', errorType: 'bad_data', error: '1:5: parse error: unexpected "}"' },
          { status: 400 },
        ),
      ),
    );
    const error = await failure(read());
    expect([error.code, error.status, error.errorType]).toEqual([
      'RAMPKIT_METRICS_SOURCE_QUERY',
      400,
      'bad_data',
    ]);
    expect(error.message).toContain('parse error');
    expect(error.query).toContain('rampkit_');
  });

  it('5xx without a payload and an unreachable server: RAMPKIT_METRICS_SOURCE_UNAVAILABLE', async () => {
    server.use(
      http.post(`${URL_BASE}/api/v1/query_range`, () => new HttpResponse('bad gateway', { status: 502 })),
    );
    expect((await failure(read())).code).toBe('RAMPKIT_METRICS_SOURCE_UNAVAILABLE');
    server.use(http.post(`${URL_BASE}/api/v1/query_range`, () => HttpResponse.error()));
    expect((await failure(read())).code).toBe('RAMPKIT_METRICS_SOURCE_UNAVAILABLE');
  });

  it('no answer within the timeout: RAMPKIT_METRICS_SOURCE_TIMEOUT', async () => {
    server.use(
      http.post(`${URL_BASE}/api/v1/query_range`, async () => {
        await delay('infinite');
        return HttpResponse.json(matrix());
      }),
    );
    const source = createPrometheusSource({ ...INPUT, timeout: '50ms' });
    const error = await failure(read(source));
    expect(error.code).toBe('RAMPKIT_METRICS_SOURCE_TIMEOUT');
    expect(error.message).toContain('50ms');
  });

  it('an answer that is not a matrix of one series: RAMPKIT_METRICS_SOURCE_RESPONSE', async () => {
    const answers: unknown[] = [
      'not json',
      { status: 'success', data: { resultType: 'vector', result: [] } },
      { status: 'success', data: { resultType: 'matrix', result: [{ metric: {}, values: [[1, 2]] }] } },
      matrix(
        { metric: { pod: 'a' }, values: [[at(T0 + 10_000), '1']] },
        { metric: { pod: 'b' }, values: [[at(T0 + 10_000), '1']] },
      ),
    ];
    for (const answer of answers) {
      server.use(
        http.post(`${URL_BASE}/api/v1/query_range`, () =>
          typeof answer === 'string'
            ? new HttpResponse(answer)
            : HttpResponse.json(answer as Record<string, unknown>),
        ),
      );
      expect((await failure(read())).code).toBe('RAMPKIT_METRICS_SOURCE_RESPONSE');
    }
  });

  it('latency buckets without an le label: RAMPKIT_METRICS_SOURCE_RESPONSE', async () => {
    prometheus((query) =>
      query.startsWith('sum by (le)')
        ? matrix({ values: [[at(T0 + 10_000), '3']] })
        : matrix({ values: [[at(T0 + 10_000), '3']] }),
    );
    const error = await failure(read());
    expect(error.code).toBe('RAMPKIT_METRICS_SOURCE_RESPONSE');
    expect(error.message).toContain('le');
  });
});

describe('Prometheus source options are validated with paths', () => {
  it('names each invalid field', () => {
    let caught: unknown;
    try {
      createPrometheusSource({
        url: 'ftp://x',
        queries: { requests: 'sum(x{v="{{variant}}"})', errors: 'sum(y)' },
        window: 'soon',
        bearerTokenEnv: 'not a name',
      } as unknown as PrometheusSourceInput);
    } catch (error) {
      caught = error;
    }
    expect(isInvalidPlanError(caught)).toBe(true);
    const paths = (caught as { issues: { path: string }[] }).issues.map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining(['url', 'queries.requests', 'queries.errors', 'window', 'bearerTokenEnv']),
    );
  });
});
