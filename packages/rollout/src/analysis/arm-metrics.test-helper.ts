import { type ArmMetrics, LatencyHistogram } from '@rampkit/core';
import { DEFAULT_ANALYSIS, type JudgeInput } from './types.js';

/** An arm's metrics from counts and, optionally, every latency sample (or `[ms, times]` pairs). */
export function arm(
  variation: string,
  requests: number,
  errors: number,
  latencies: readonly (number | readonly [number, number])[] = [],
): ArmMetrics {
  const histogram = new LatencyHistogram();
  for (const entry of latencies) {
    const [ms, times] = typeof entry === 'number' ? [entry, 1] : entry;
    for (let i = 0; i < times; i++) histogram.record(ms);
  }
  return {
    variation,
    requests,
    errors,
    aborted: 0,
    errorRate: requests > 0 ? errors / requests : 0,
    latency: histogram.toData(),
    p50: histogram.quantile(0.5),
    p90: histogram.quantile(0.9),
    p95: histogram.quantile(0.95),
    p99: histogram.quantile(0.99),
  };
}

/** Latencies spread evenly between `fromMs` and `toMs`: a deterministic stand-in for a distribution. */
export function spread(count: number, fromMs: number, toMs: number): number[] {
  return Array.from({ length: count }, (_, i) => fromMs + ((toMs - fromMs) * (i + 0.5)) / count);
}

/** A judge input where the interval is the whole cumulative window unless given. */
export function input(
  stable: ArmMetrics,
  canary: ArmMetrics,
  overrides: Partial<Omit<JudgeInput, 'cumulative'>> = {},
): JudgeInput {
  return {
    settings: DEFAULT_ANALYSIS,
    cumulative: { stable, canary },
    interval: { stable, canary },
    now: 1_700_000_000_000,
    ...overrides,
  };
}
