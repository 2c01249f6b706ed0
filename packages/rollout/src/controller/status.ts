import type { RolloutPlan } from '../plan/types.js';
import type { Block, RolloutState, RolloutStatusName, StepPhase, VerdictRecord } from '../state/types.js';

/** What `status()` and `list()` tell about a rollout: where it is and why. */
export interface RolloutStatus {
  id: string;
  flag: string;
  stable: string;
  canary: string;
  strategy: RolloutPlan['strategy'];
  status: RolloutStatusName;
  /** Within a live rollout: entering a step, holding it, or waiting for approval. */
  phase: StepPhase;
  /** 0-based index of the step in force (-1 before the first) and the number of steps. */
  step: { index: number; count: number; holdUntil: number | null; deadlineAt: number | null };
  /** Canary share in percent in force now. */
  weight: number;
  /** Canary share in percent the rollout is moving to (differs from `weight` only briefly). */
  targetWeight: number;
  /** Why the rollout moved, holds or ended, in one sentence. */
  reason: string;
  blockedBy?: Block;
  lastVerdict?: VerdictRecord;
  consecutiveFailures: number;
  nextAnalysisAt: number | null;
  attempt: number;
  createdAt: number;
  updatedAt: number;
  finishedAt?: number;
  /** The resolved plan: every step with its weight, hold and analysis settings. */
  plan: RolloutPlan;
}

export function statusOf(state: RolloutState): RolloutStatus {
  const status: RolloutStatus = {
    id: state.id,
    flag: state.plan.flag,
    stable: state.plan.stable,
    canary: state.plan.canary,
    strategy: state.plan.strategy,
    status: state.status,
    phase: state.phase,
    step: {
      index: state.stepIndex,
      count: state.plan.steps.length,
      holdUntil: state.step.holdUntil,
      deadlineAt: state.step.deadlineAt,
    },
    weight: state.appliedWeight,
    targetWeight: state.weight,
    reason: state.reason,
    consecutiveFailures: state.analysis.consecutiveFailures,
    nextAnalysisAt: state.analysis.nextAt,
    attempt: state.attempt,
    createdAt: state.createdAt,
    updatedAt: state.updatedAt,
    plan: state.plan,
  };
  if (state.blockedBy !== undefined) status.blockedBy = state.blockedBy;
  if (state.analysis.last !== undefined) status.lastVerdict = state.analysis.last;
  if (state.finishedAt !== undefined) status.finishedAt = state.finishedAt;
  return status;
}
