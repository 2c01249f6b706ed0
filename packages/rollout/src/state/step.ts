import type { RolloutState, StepProgress } from './types.js';

/*
 * A step's progress: what a step starts with, when its clocks start, and which step comes next.
 */

/** A step not yet entered: no clocks, nothing approved or waived; gates may run from `now`. */
export function freshStep(now: number, full = false): StepProgress {
  return {
    enteredAt: null,
    holdUntil: null,
    deadlineAt: null,
    approved: false,
    gateFailures: 0,
    nextGateAt: now,
    windowWaived: false,
    freezeWaived: false,
    full,
  };
}

/** Starts the step's clocks once its weight is in force: hold, no-data deadline and first analysis. */
export function startHold(state: RolloutState, now: number, wall: number): void {
  const step = state.plan.steps[state.stepIndex];
  if (step === undefined) return;
  state.step.enteredAt = now;
  state.step.since = wall;
  state.step.holdUntil = now + step.holdMs;
  state.step.deadlineAt = now + state.plan.analysis.noData.deadlineMs;
  state.analysis.nextAt = now + state.plan.analysis.intervalMs;
}

/** The next step on the path after `index`, passing over skipped ones. */
export function nextStepAfter(state: RolloutState, index: number): number | undefined {
  for (let next = index + 1; next < state.plan.steps.length; next++) {
    if (!state.skipped.includes(next)) return next;
  }
  return undefined;
}

/** Promoted, rolled back or aborted: the rollout has ended. */
export function isTerminal(state: RolloutState): boolean {
  return state.status === 'promoted' || state.status === 'rolledBack' || state.status === 'aborted';
}
