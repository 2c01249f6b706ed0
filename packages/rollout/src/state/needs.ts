import type { EvidenceQuery } from '../analysis/evidence.js';
import type { AnalysisSettings } from '../analysis/types.js';
import { activeFreeze } from '../gates/freezes.js';
import { inDeploymentWindow } from '../gates/windows.js';
import { staleAfterOf } from '../plan/stale-after.js';
import type { FreezeSpec } from '../plan/types.js';
import { isTerminal } from './step.js';
import type { RolloutState } from './types.js';

/** What the runner must gather before calling `decide`: metrics to judge, gates to evaluate. */
export interface Needs {
  /**
   * Read the flag's metrics windows that start in `[since, now]` and gather the evidence this query
   * describes (analysis/evidence.ts). All times in the metrics' wall clock.
   */
  metrics?: EvidenceQuery & {
    /** Blue-green: read stable's baseline over `[from, to)` (once; it is kept in the state). */
    baseline?: { from: number; to: number };
  };
  /** Evaluate the health checks and webhook gates for entering step `target`. */
  gates?: { target: number };
}

/** The judge settings in force: those of the step whose weight is applied, unless it is not analysed. */
export function currentAnalysis(state: RolloutState): AnalysisSettings | null {
  if (state.stepIndex < 0 || state.step.full) return null;
  return state.plan.steps[state.stepIndex]?.analysis ?? null;
}

/** True while the split in force is the one the state wants (decisions wait for it otherwise). */
export function settled(state: RolloutState): boolean {
  return state.appliedWeight === state.weight;
}

/** `now` on the rollout's timeline (state/clock.ts), `wall` on the wall clock. */
export function needs(
  state: RolloutState,
  now: number,
  extraFreezes: readonly FreezeSpec[] = [],
  wall = now,
): Needs {
  const result: Needs = {};
  if (isTerminal(state) || !settled(state)) return result;
  const { analysis, plan } = state;
  if (
    currentAnalysis(state) !== null &&
    analysis.since !== null &&
    analysis.nextAt !== null &&
    now >= analysis.nextAt
  ) {
    const since = analysis.since;
    result.metrics = {
      stable: plan.stable,
      canary: plan.canary,
      since,
      stepSince: Math.max(since, state.step.since ?? state.step.enteredAt ?? since),
      intervalFrom: Math.max(since, wall - plan.analysis.intervalMs),
      now: wall,
      through: Math.max(since, analysis.testState?.through ?? legacyThrough(state)),
      staleAfterMs: staleAfterOf(plan),
      ...(analysis.excluded === undefined ? {} : { excluded: analysis.excluded }),
    };
    const baselineMs = plan.steps[state.stepIndex]?.baselineMs;
    if (baselineMs !== undefined && analysis.baseline === undefined) {
      result.metrics.baseline = { from: since - baselineMs, to: since };
    }
  }
  if (gatesDue(state, now, wall, extraFreezes)) result.gates = { target: state.target };
  return result;
}

/**
 * Where the strata start for a rollout whose tests were carried over from before they were
 * stratified: they folded the cumulative totals up to the last verdict, so strata start after it.
 */
function legacyThrough(state: RolloutState): number {
  const { testState, last, since } = state.analysis;
  if (testState?.errorRate === undefined || last === undefined) return since ?? 0;
  return last.at;
}

function gatesDue(
  state: RolloutState,
  now: number,
  wall: number,
  extraFreezes: readonly FreezeSpec[],
): boolean {
  const { gates } = state.plan;
  if (state.status !== 'progressing' || state.phase !== 'entering') return false;
  if (gates.healthChecks.length === 0 && gates.webhooks.length === 0) return false;
  const target = state.plan.steps[state.target];
  if (target === undefined || target.weight <= state.weight || now < state.step.nextGateAt) return false;
  if (!state.step.freezeWaived && activeFreeze(wall, [...gates.freezes, ...extraFreezes]) !== undefined)
    return false;
  return state.step.windowWaived || inDeploymentWindow(wall, gates.windows);
}
