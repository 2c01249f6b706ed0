import { childPath } from '@rampkit/core/validation';
import type { PrometheusSourceSpec } from '../sources/prometheus/types.js';
import type { Issues } from './issues.js';
import type { MetricsSourceSpec } from './types.js';

const PLACEHOLDERS = ['{{arm}}', '{{flag}}', '{{window}}'];

/**
 * `analysis.source`: where the controller reads the rollout's metrics. Absent: the store the
 * middleware flushes to. `{ prometheus: { … } }`: PromQL range queries (sources/prometheus).
 */
export function checkMetricsSource(
  value: unknown,
  path: string,
  issues: Issues,
): MetricsSourceSpec | undefined {
  const input = issues.object(value, path);
  if (input === undefined) return undefined;
  issues.knownKeys(input, ['prometheus'], path);
  if (input.prometheus === undefined) {
    issues.add(childPath(path, 'prometheus'), 'is required (the only source besides the store)');
    return undefined;
  }
  const prometheus = checkPrometheusSource(input.prometheus, childPath(path, 'prometheus'), issues);
  return prometheus === undefined ? undefined : { prometheus };
}

export function checkPrometheusSource(
  value: unknown,
  path: string,
  issues: Issues,
): PrometheusSourceSpec | undefined {
  const input = issues.object(value, path);
  if (input === undefined) return undefined;
  const before = issues.list.length;
  issues.knownKeys(
    input,
    ['url', 'queries', 'window', 'lag', 'timeout', 'headers', 'bearerTokenEnv', 'latencyUnit'],
    path,
  );
  const url = issues.url(input.url, childPath(path, 'url'));
  const queries = checkQueries(input.queries, childPath(path, 'queries'), issues);
  const durationOf = (key: string, fallback: number) =>
    input[key] === undefined
      ? fallback
      : (issues.duration(input[key], childPath(path, key), { positive: true }) ?? fallback);
  const windowMs = durationOf('window', 10_000);
  if (windowMs < 1000) issues.add(childPath(path, 'window'), `must be at least 1s, got ${windowMs}ms`);
  const spec: PrometheusSourceSpec = {
    url: url ?? '',
    queries: queries ?? { requests: '', errors: '' },
    windowMs,
    lagMs: durationOf('lag', 30_000),
    timeoutMs: durationOf('timeout', 10_000),
    headers: issues.headers(input.headers, childPath(path, 'headers')),
    latencyUnit: 'seconds',
  };
  if (input.bearerTokenEnv !== undefined) {
    const name = issues.string(input.bearerTokenEnv, childPath(path, 'bearerTokenEnv'));
    if (name !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
      issues.add(
        childPath(path, 'bearerTokenEnv'),
        `must name an environment variable, got ${JSON.stringify(name)}`,
      );
    else if (name !== undefined) spec.bearerTokenEnv = name;
  }
  if (input.latencyUnit !== undefined) {
    if (input.latencyUnit === 'seconds' || input.latencyUnit === 'milliseconds')
      spec.latencyUnit = input.latencyUnit;
    else
      issues.add(
        childPath(path, 'latencyUnit'),
        `must be one of seconds, milliseconds, got ${JSON.stringify(input.latencyUnit)}`,
      );
  }
  return issues.list.length === before ? spec : undefined;
}

function checkQueries(
  value: unknown,
  path: string,
  issues: Issues,
): PrometheusSourceSpec['queries'] | undefined {
  const input = issues.object(value, path);
  if (input === undefined) return undefined;
  issues.knownKeys(input, ['requests', 'errors', 'latencyBuckets'], path);
  const query = (key: string) => {
    const text = issues.string(input[key], childPath(path, key));
    if (text === undefined) return undefined;
    for (const placeholder of text.match(/\{\{[^}]*\}\}/g) ?? []) {
      if (!PLACEHOLDERS.includes(placeholder))
        issues.add(
          childPath(path, key),
          `unknown placeholder ${placeholder} (expected ${PLACEHOLDERS.join(', ')})`,
        );
    }
    if (!text.includes('{{arm}}'))
      issues.add(childPath(path, key), 'must contain {{arm}}: each arm is queried apart');
    return text;
  };
  const requests = query('requests');
  const errors = query('errors');
  const latencyBuckets = input.latencyBuckets === undefined ? undefined : query('latencyBuckets');
  if (requests === undefined || errors === undefined) return undefined;
  return { requests, errors, ...(latencyBuckets === undefined ? {} : { latencyBuckets }) };
}
