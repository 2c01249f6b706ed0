import type { Lease } from '@rampkit/core';
import type { RolloutPlan } from '../plan/types.js';
import { wallTimeOf } from '../state/clock.js';
import { isTerminal } from '../state/step.js';
import type { Block, RolloutState, RolloutStatusName, StepPhase, VerdictRecord } from '../state/types.js';

/**
 * Whether a controller drives the rollout now: one holds its lease and renews it every tick.
 * Without one nothing moves it, judges it or rolls it back.
 */
export type RolloutDriver =
  | {
      driven: true;
      /** The controller's `instanceId`. */
      holder: string;
      /** When it last renewed the lease (each tick does), epoch milliseconds. */
      lastTickAt: number;
      /** When the lease lapses unless renewed. */
      leaseExpiresAt: number;
    }
  | {
      driven: false;
      /** When a controller last changed the rollout (or when it was created), epoch milliseconds. */
      since: number;
      /** The controller that last did, if any did. */
      lastHolder?: string;
    };

/** What `status()` and `list()` tell about a rollout: where it is and why. */
export interface RolloutStatus {
  id: string;
  flag: string;
  stable: string;
  canary: string;
  strategy: RolloutPlan['strategy'];
  status: RolloutStatusName;
  /**
   * Within a live rollout: entering a step, holding it, or waiting for approval; an ended rollout's
   * phase is its ending.
   */
  phase: StepPhase | 'promoted' | 'rolledBack' | 'aborted';
  /**
   * 0-based index of the step in force (-1 before the first) and the number of steps; the hold's end
   * and the no-data deadline in wall-clock time (epoch milliseconds).
   */
  step: { index: number; count: number; holdUntil: number | null; deadlineAt: number | null };
  /** Who drives the rollout (ended rollouts: who drove it last). */
  driver: RolloutDriver;
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

/** The status of a stored rollout; `lease` is its live lease as the store reports it (null: none). */
export function statusOf(state: RolloutState, lease: Lease | null): RolloutStatus {
  const wall = (time: number | null) => (time === null ? null : wallTimeOf(state, time));
  const status: RolloutStatus = {
    id: state.id,
    flag: state.plan.flag,
    stable: state.plan.stable,
    canary: state.plan.canary,
    strategy: state.plan.strategy,
    status: state.status,
    phase: isTerminal(state) ? (state.status as 'promoted' | 'rolledBack' | 'aborted') : state.phase,
    step: {
      index: state.stepIndex,
      count: state.plan.steps.length,
      holdUntil: wall(state.step.holdUntil),
      deadlineAt: wall(state.step.deadlineAt),
    },
    driver: driverOf(state, lease),
    weight: state.appliedWeight,
    targetWeight: state.weight,
    reason: state.reason,
    consecutiveFailures: state.analysis.consecutiveFailures,
    nextAnalysisAt: wall(state.analysis.nextAt),
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

function driverOf(state: RolloutState, lease: Lease | null): RolloutDriver {
  if (lease !== null) {
    return {
      driven: true,
      holder: lease.holder,
      lastTickAt: lease.renewedAt ?? lease.expiresAt,
      leaseExpiresAt: lease.expiresAt,
    };
  }
  const last = state.drivenBy;
  return last === undefined
    ? { driven: false, since: state.createdAt }
    : { driven: false, since: last.at, lastHolder: last.holder };
}
