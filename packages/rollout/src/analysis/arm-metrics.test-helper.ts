import { type ArmMetrics, type ArmTotals, LatencyHistogram, toArmMetrics } from '@rampkit/core';
import { judge } from './judge.js';
import { DEFAULT_ANALYSIS, type JudgeInput, type Stratum, type Verdict } from './types.js';

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
  return toArmMetrics(variation, { requests, errors, aborted: 0, latency: histogram });
}

/** Latencies spread evenly between `fromMs` and `toMs`: a deterministic stand-in for a distribution. */
export function spread(count: number, fromMs: number, toMs: number): number[] {
  return Array.from({ length: count }, (_, i) => fromMs + ((toMs - fromMs) * (i + 0.5)) / count);
}

export const NOW = 1_700_000_000_000;

/** An arm's totals (what a stratum holds) from its metrics. */
export function totals(metrics: ArmMetrics): ArmTotals {
  return {
    requests: metrics.requests,
    errors: metrics.errors,
    aborted: metrics.aborted,
    latency: metrics.latency,
  };
}

/** One stratum of 10 s ending at `to`, holding both arms' metrics. */
export function stratum(stable: ArmMetrics, canary: ArmMetrics, to = NOW - 10_000): Stratum {
  return { from: to - 10_000, to, stable: totals(stable), canary: totals(canary) };
}

/**
 * A judge input where everything happened at the step in force, in one window both arms finished
 * reporting, and both arms reported just now, unless overridden.
 */
export function input(
  stable: ArmMetrics,
  canary: ArmMetrics,
  overrides: Partial<Omit<JudgeInput, 'cumulative'>> = {},
): JudgeInput {
  return {
    settings: DEFAULT_ANALYSIS,
    cumulative: { stable, canary },
    step: { stable, canary },
    interval: { stable, canary },
    freshness: { stable: NOW, canary: NOW, staleAfterMs: 30_000 },
    strata: [stratum(stable, canary)],
    now: NOW,
    ...overrides,
  };
}

/**
 * Judges one tick per stratum, carrying `testState` (through JSON, as the state machine persists
 * it) from one to the next; each tick's cumulative metrics are the strata so far. Returns every
 * verdict.
 */
export function judgeStrata(
  strata: readonly { stable: ArmMetrics; canary: ArmMetrics }[],
  overrides: Partial<Omit<JudgeInput, 'cumulative' | 'strata' | 'testState'>> = {},
): Verdict[] {
  const verdicts: Verdict[] = [];
  let testState: JudgeInput['testState'];
  const sum = { stable: [] as ArmMetrics[], canary: [] as ArmMetrics[] };
  strata.forEach((pair, i) => {
    sum.stable.push(pair.stable);
    sum.canary.push(pair.canary);
    const cumulative = { stable: merged('stable', sum.stable), canary: merged('canary', sum.canary) };
    const to = NOW - (strata.length - i) * 10_000;
    const verdict = judge({
      ...input(cumulative.stable, cumulative.canary, overrides),
      strata: [stratum(pair.stable, pair.canary, to)],
      ...(testState === undefined ? {} : { testState }),
    });
    testState = JSON.parse(JSON.stringify(verdict.testState));
    verdicts.push(verdict);
  });
  return verdicts;
}

function merged(variation: string, arms: readonly ArmMetrics[]): ArmMetrics {
  const histogram = new LatencyHistogram();
  let requests = 0;
  let errors = 0;
  for (const a of arms) {
    histogram.merge(a.latency);
    requests += a.requests;
    errors += a.errors;
  }
  return toArmMetrics(variation, { requests, errors, aborted: 0, latency: histogram });
}
