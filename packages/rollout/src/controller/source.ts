import type { Fetch } from '../gates/http.js';
import type { RolloutPlan } from '../plan/types.js';
import { prometheusSource } from '../sources/prometheus/source.js';
import type { MetricsSource } from '../sources/types.js';
import type { RolloutStore } from './persistence.js';

/** Where a rollout's metrics windows are read: the plan's `analysis.source`, or else the store. */
export function metricsSourceOf(plan: RolloutPlan, store: RolloutStore, fetch: Fetch): MetricsSource {
  const spec = plan.analysis.source;
  if (spec === undefined) return store;
  return prometheusSource(spec.prometheus, { fetch });
}

/** A source that has nothing: what a tick judges when its source failed (no data, never a pass). */
export const NO_METRICS: MetricsSource = { readMetricsWindows: async () => [] };
