import type { MetricsWindow } from '@rampkit/core';
import { sortWindows } from '@rampkit/core';
import { InvalidPlanError } from '../../errors.js';
import type { Fetch } from '../../gates/http.js';
import { Issues } from '../../plan/issues.js';
import { checkPrometheusSource } from '../../plan/validate-source.js';
import { MetricsSourceError } from '../errors.js';
import type { ArmsQuery, MetricsSource } from '../types.js';
import { queryRangeInParts } from './client.js';
import type { PrometheusSourceInput, PrometheusSourceSpec } from './types.js';
import { armWindows } from './windows.js';

export interface PrometheusSourceContext {
  /** @default globalThis.fetch */
  fetch?: Fetch;
  /** Where `bearerTokenEnv` is read, at each query. @default process.env */
  env?: Record<string, string | undefined>;
  /** A bearer token given in code (not stored with a plan); `bearerTokenEnv` wins when both are set. */
  bearerToken?: string;
}

/**
 * A Prometheus metrics source from the same fields a plan's `analysis.source.prometheus` takes, for
 * reading windows in code (a controller builds its own from the plan).
 * @throws InvalidPlanError naming each invalid field
 */
export function createPrometheusSource(
  input: PrometheusSourceInput,
  context: PrometheusSourceContext = {},
): MetricsSource {
  const issues = new Issues();
  const spec = checkPrometheusSource(input, '', issues);
  if (spec === undefined) throw new InvalidPlanError(issues.list, 'Prometheus source options');
  return prometheusSource(spec, context);
}

/**
 * A metrics source over Prometheus's HTTP API: for each arm, each query is one range query whose
 * step is the window, evaluated at window ends aligned to the window (epoch multiples), so each
 * sample is one complete window `[t − window, t)`. Only windows that end at least `lag` before the
 * query's `to` are read: the last, incomplete interval is never compared.
 *
 * The spec is validated: a plan's `analysis.source.prometheus`, or `createPrometheusSource`'s input.
 */
export function prometheusSource(
  spec: PrometheusSourceSpec,
  context: PrometheusSourceContext = {},
): MetricsSource {
  const fetchFn: Fetch = context.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const leUnitMs = spec.latencyUnit === 'milliseconds' ? 1 : 1000;
  return {
    delayMs: spec.lagMs + spec.windowMs,
    async readMetricsWindows(query: ArmsQuery): Promise<MetricsWindow[]> {
      const w = spec.windowMs;
      // Sample at t is the window [t − w, t): its start must lie in [from, to), its end before to − lag.
      const startMs = Math.ceil(query.from / w) * w + w;
      const endMs = Math.min(
        Math.floor((query.to - 1) / w) * w + w,
        Math.floor((query.to - spec.lagMs) / w) * w,
      );
      if (endMs < startMs) return [];
      const headers = { ...spec.headers, ...authorization(spec, context) };
      const client = { url: spec.url, fetch: fetchFn, timeoutMs: spec.timeoutMs, headers };
      const range = { startMs, endMs, stepMs: w };
      const perArm = await Promise.all(
        query.arms.map(async (arm) => {
          const queries = templated(spec, { arm, flag: query.flagKey });
          const [requests, errors, latencyBuckets] = await Promise.all([
            queryRangeInParts(client, { ...range, query: queries.requests }),
            queryRangeInParts(client, { ...range, query: queries.errors }),
            queries.latencyBuckets === undefined
              ? undefined
              : queryRangeInParts(client, { ...range, query: queries.latencyBuckets }),
          ]);
          return armWindows(
            { arm, requests, errors, ...(latencyBuckets === undefined ? {} : { latencyBuckets }) },
            { flagKey: query.flagKey, windowMs: w, leUnitMs, queries },
          );
        }),
      );
      return sortWindows(
        perArm.flat().filter((x) => x.windowStart >= query.from && x.windowStart < query.to),
      );
    },
  };
}

function authorization(spec: PrometheusSourceSpec, context: PrometheusSourceContext): Record<string, string> {
  if (spec.bearerTokenEnv !== undefined) {
    const env = context.env ?? globalThis.process?.env ?? {};
    const token = env[spec.bearerTokenEnv];
    if (token === undefined || token === '') {
      throw new MetricsSourceError(
        'RAMPKIT_METRICS_SOURCE_UNAUTHORIZED',
        `the Prometheus source's bearer token is read from $${spec.bearerTokenEnv}, which is not set in the controller's environment`,
      );
    }
    return { authorization: `Bearer ${token}` };
  }
  return context.bearerToken === undefined ? {} : { authorization: `Bearer ${context.bearerToken}` };
}

/** The PromQL duration of a window: whole seconds when it is, milliseconds otherwise. */
export function promDuration(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/** The source's queries for one arm, placeholders replaced. */
function templated(
  spec: PrometheusSourceSpec,
  values: { arm: string; flag: string },
): { requests: string; errors: string; latencyBuckets?: string } {
  const fill = (template: string) =>
    template
      .replaceAll('{{arm}}', escapeLabel(values.arm))
      .replaceAll('{{flag}}', escapeLabel(values.flag))
      .replaceAll('{{window}}', promDuration(spec.windowMs));
  const { requests, errors, latencyBuckets } = spec.queries;
  return {
    requests: fill(requests),
    errors: fill(errors),
    ...(latencyBuckets === undefined ? {} : { latencyBuckets: fill(latencyBuckets) }),
  };
}

/** Label values go inside double-quoted PromQL strings. */
function escapeLabel(value: string): string {
  return value.replaceAll('\\', '\\\\').replaceAll('"', '\\"');
}
