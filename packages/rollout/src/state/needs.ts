import type { AnalysisSettings } from '../analysis/types.js';
import { activeFreeze } from '../gates/freezes.js';
import { inDeploymentWindow } from '../gates/windows.js';
import type { FreezeSpec } from '../plan/types.js';
import { isTerminal } from './draft.js';
import type { RolloutState } from './types.js';

/** What the runner must gather before calling `decide`: metrics to judge, gates to evaluate. */
export interface Needs {
  metrics?: {
    /** Cumulative window `[from, to)`. */
    from: number;
    to: number;
    /** Latest interval `[intervalFrom, to)`. */
    intervalFrom: number;
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

export function needs(state: RolloutState, now: number, extraFreezes: readonly FreezeSpec[] = []): Needs {
  const result: Needs = {};
  if (isTerminal(state) || !settled(state)) return result;
  const { analysis, plan } = state;
  if (
    currentAnalysis(state) !== null &&
    analysis.since !== null &&
    analysis.nextAt !== null &&
    now >= analysis.nextAt
  ) {
    result.metrics = {
      from: analysis.since,
      to: now,
      intervalFrom: Math.max(analysis.since, now - plan.analysis.intervalMs),
    };
    const baselineMs = plan.steps[state.stepIndex]?.baselineMs;
    if (baselineMs !== undefined && analysis.baseline === undefined) {
      result.metrics.baseline = { from: analysis.since - baselineMs, to: analysis.since };
    }
  }
  if (gatesDue(state, now, extraFreezes)) result.gates = { target: state.target };
  return result;
}

function gatesDue(state: RolloutState, now: number, extraFreezes: readonly FreezeSpec[]): boolean {
  const { gates } = state.plan;
  if (state.status !== 'progressing' || state.phase !== 'entering') return false;
  if (gates.healthChecks.length === 0 && gates.webhooks.length === 0) return false;
  const target = state.plan.steps[state.target];
  if (target === undefined || target.weight <= state.weight || now < state.step.nextGateAt) return false;
  if (!state.step.freezeWaived && activeFreeze(now, [...gates.freezes, ...extraFreezes]) !== undefined)
    return false;
  return state.step.windowWaived || inDeploymentWindow(now, gates.windows);
}
