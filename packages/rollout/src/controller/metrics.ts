import {
  type ArmMetrics,
  type ArmTotals,
  type MetricsStore,
  summarizeArms,
  toArmMetrics,
} from '@rampkit/core';
import { emptyTotals, gatherEvidence } from '../analysis/evidence.js';
import type { MetricsSource } from '../sources/types.js';
import type { Observation } from '../state/decide.js';
import type { Needs } from '../state/needs.js';
import type { RolloutState } from '../state/types.js';

/**
 * Reads the flag's metrics windows as `needs` asked and gathers the judge's evidence from them
 * (analysis/evidence.ts). An arm without data is an arm with zero requests: no data holds a rollout,
 * it never fails it. In a blue-green rollout stable is the baseline read once before the switch.
 * `source` is where the windows come from: the store, or the plan's `analysis.source`.
 */
export async function readObservedMetrics(
  store: MetricsStore,
  state: RolloutState,
  wanted: NonNullable<Needs['metrics']>,
  source: MetricsSource = store,
): Promise<NonNullable<Observation['metrics']>> {
  const { flag, stable, canary } = state.plan;
  const windows = await source.readMetricsWindows({
    flagKey: flag,
    from: wanted.since,
    to: wanted.now + 1,
    arms: [stable, canary],
  });
  // A source that returns only complete windows (Prometheus: `lag`) is always this far behind: the
  // latest interval and the staleness limit count from where its data can reach, not from now.
  const delayMs = source.delayMs ?? 0;
  const evidence = gatherEvidence(
    windows,
    delayMs === 0
      ? wanted
      : {
          ...wanted,
          intervalFrom: Math.max(wanted.since, wanted.intervalFrom - delayMs),
          staleAfterMs: wanted.staleAfterMs + delayMs,
        },
  );
  const observed: NonNullable<Observation['metrics']> = {
    ...evidence,
    window: { from: wanted.since, to: wanted.now },
  };
  let baseline = state.analysis.baseline;
  if (wanted.baseline !== undefined) {
    const arms =
      source === store
        ? await store.readMetrics({ flagKey: flag, ...wanted.baseline })
        : summarizeArms(
            await source.readMetricsWindows({ flagKey: flag, ...wanted.baseline, arms: [stable] }),
          );
    baseline = totalsOf(arms.find((arm) => arm.variation === stable)) ?? emptyTotals();
    observed.baseline = baseline;
  }
  if (baseline !== undefined) {
    const fixed = toArmMetrics(stable, baseline);
    observed.cumulative = { stable: fixed, canary: evidence.cumulative.canary };
    observed.step = { stable: fixed, canary: evidence.step.canary };
    observed.interval = { stable: fixed, canary: evidence.interval.canary };
    observed.strata = [];
  }
  return observed;
}

function totalsOf(arm: ArmMetrics | undefined): ArmTotals | undefined {
  if (arm === undefined) return undefined;
  return { requests: arm.requests, errors: arm.errors, aborted: arm.aborted, latency: arm.latency };
}
