import type { RolloutPlan } from '../plan/types.js';
import { type Decision, Draft } from './draft.js';
import { freshStep, isTerminal, nextStepAfter, startHold } from './step.js';
import type { RolloutState } from './types.js';

/** A new rollout, about to enter its first step; `weight` is the canary's share in the flag now. */
export function createState(
  plan: RolloutPlan,
  id: string,
  now: number,
  options: { weight: number; by: string; forced: boolean },
): RolloutState {
  // The rollout's timeline starts at the wall clock (state/clock.ts).
  const state: RolloutState = {
    schema: 1,
    id,
    plan,
    status: 'progressing',
    stepIndex: -1,
    phase: 'entering',
    target: 0,
    skipped: [],
    weight: options.weight,
    appliedWeight: options.weight,
    step: freshStep(now),
    analysis: { since: null, nextAt: null, consecutiveFailures: 0 },
    attempt: 1,
    reason: '',
    createdAt: now,
    updatedAt: now,
    historySeq: 0,
    outbox: [],
    clock: { wall: now, timeline: now },
  };
  if (options.forced) state.forced = true;
  state.target = nextStepAfter(state, -1) ?? 0;
  const draft = new Draft(state, now);
  const forced = options.forced ? ' (forced through a change freeze)' : '';
  draft.transition(
    'started',
    `started by ${options.by}${forced}: ${plan.strategy} rollout of ${plan.canary} over ${plan.stable} on flag ${plan.flag}, ${plan.steps.length} steps`,
    options.by,
  );
  return draft.state;
}

/**
 * Records that the flag's split now gives the canary `weight` percent. When that is the weight the
 * rollout wanted, the step's clocks start now: a hold counts from when traffic actually moved,
 * whichever controller moved it and however long a crash in between lasted.
 */
export function markApplied(
  state: RolloutState,
  weight: number,
  now: number,
  wall = now,
  auditId?: string,
): Decision {
  const draft = new Draft(state, now, wall);
  const s = draft.state;
  s.appliedWeight = weight;
  // Whatever weight was written, an operator's request is done: carried out, or overtaken.
  delete s.askedBy;
  // The transitions that asked for this weight, not yet sent, carry the write's audit entry.
  if (auditId !== undefined) {
    for (const entry of s.outbox) {
      if (entry.kind === 'transition' && entry.toWeight === weight && entry.auditId === undefined)
        entry.auditId = auditId;
    }
  }
  if (weight === s.weight && !isTerminal(s)) {
    if (s.analysis.since === null && weight > 0) s.analysis.since = wall;
    if (s.phase === 'holding' && s.step.enteredAt === null) startHold(s, now, wall);
  }
  return draft.result();
}

/** The split could not be written (flag deleted or changed): a live rollout pauses and says why. */
export function markTrafficFault(state: RolloutState, message: string, now: number): Decision {
  const draft = new Draft(state, now);
  if (draft.state.status === 'progressing') draft.pause(`could not move traffic: ${message}`);
  return draft.result();
}

/** Drops history entries (up to `seq`) that are now stored in the history documents. */
export function markFlushed(state: RolloutState, seq: number, now: number): Decision {
  const draft = new Draft(state, now);
  draft.state.outbox = draft.state.outbox.filter((entry) => entry.seq > seq);
  const decision = draft.result();
  // Flushing is bookkeeping, not a change of the rollout: keep its last-change time.
  if (decision.changed) decision.state.updatedAt = state.updatedAt;
  return decision;
}
