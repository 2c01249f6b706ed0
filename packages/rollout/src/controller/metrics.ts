import { type ArmMetrics, LatencyHistogram, type MetricsStore } from '@rampkit/core';
import type { Observation } from '../state/decide.js';
import type { Needs } from '../state/needs.js';
import type { ArmTotals, RolloutState } from '../state/types.js';

type Arms = { stable: ArmMetrics; canary: ArmMetrics };

/**
 * Reads both arms over the cumulative window and the latest interval, as `needs` asked. An arm
 * without data is an arm with zero requests: no data holds a rollout, it never fails it. In a
 * blue-green rollout stable is the baseline read once before the switch.
 */
export async function readObservedMetrics(
  store: MetricsStore,
  state: RolloutState,
  wanted: NonNullable<Needs['metrics']>,
): Promise<NonNullable<Observation['metrics']>> {
  const { flag, stable, canary } = state.plan;
  const read = async (from: number, to: number): Promise<Arms> => {
    const arms = await store.readMetrics({ flagKey: flag, from, to });
    return { stable: armOf(arms, stable), canary: armOf(arms, canary) };
  };
  const [cumulative, interval] = await Promise.all([
    read(wanted.from, wanted.to),
    read(wanted.intervalFrom, wanted.to),
  ]);
  const observed: NonNullable<Observation['metrics']> = {
    cumulative,
    interval,
    window: { from: wanted.from, to: wanted.to },
  };
  let baseline = state.analysis.baseline;
  if (wanted.baseline !== undefined) {
    const arms = await read(wanted.baseline.from, wanted.baseline.to);
    baseline = totalsOf(arms.stable);
    observed.baseline = baseline;
  }
  if (baseline !== undefined) {
    const stableBaseline = metricsOf(stable, baseline);
    observed.cumulative = { stable: stableBaseline, canary: cumulative.canary };
    observed.interval = { stable: stableBaseline, canary: interval.canary };
  }
  return observed;
}

function armOf(arms: readonly ArmMetrics[], variation: string): ArmMetrics {
  return arms.find((arm) => arm.variation === variation) ?? metricsOf(variation, emptyTotals());
}

function totalsOf(arm: ArmMetrics): ArmTotals {
  return { requests: arm.requests, errors: arm.errors, aborted: arm.aborted, latency: arm.latency };
}

function emptyTotals(): ArmTotals {
  return { requests: 0, errors: 0, aborted: 0, latency: new LatencyHistogram().toData() };
}

export function metricsOf(variation: string, totals: ArmTotals): ArmMetrics {
  const histogram = LatencyHistogram.fromData(totals.latency);
  return {
    variation,
    requests: totals.requests,
    errors: totals.errors,
    aborted: totals.aborted,
    errorRate: totals.requests > 0 ? totals.errors / totals.requests : 0,
    latency: histogram.toData(),
    p50: histogram.quantile(0.5),
    p90: histogram.quantile(0.9),
    p95: histogram.quantile(0.95),
    p99: histogram.quantile(0.99),
  };
}
