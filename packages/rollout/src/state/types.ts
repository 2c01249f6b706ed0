import type { ArmTotals } from '@rampkit/core';
import type { AnalysisTestState, Verdict } from '../analysis/types.js';
import type { RolloutPlan, TransitionType } from '../plan/types.js';
import type { RolloutClock } from './clock.js';

/**
 * A rollout as persisted: everything the decision needs, so any controller instance can pick it up
 * where another left off. Deadlines are times on the rollout's timeline (state/clock.ts), which
 * equals the wall clock until the wall clock steps; metrics anchors are in the metrics' wall clock.
 */
export interface RolloutState {
  /** Layout of this document, for future migrations. */
  schema: 1;
  id: string;
  plan: RolloutPlan;
  status: RolloutStatusName;
  /** Index of the step whose weight is in force; -1 before the first. */
  stepIndex: number;
  /** Within `progressing`/`paused`: entering `target`, holding at `stepIndex`, or awaiting approval. */
  phase: StepPhase;
  /** The step being entered while `phase` is `entering`. */
  target: number;
  /** Steps `skipStep` removed from the path. */
  skipped: number[];
  /** Canary share in percent the flag's split should have. */
  weight: number;
  /** Canary share in percent known to be written to the flag; differs from `weight` until the
   * controller has written the split. */
  appliedWeight: number;
  step: StepProgress;
  analysis: AnalysisProgress;
  /** Starts at 1; `retry` increments it. */
  attempt: number;
  /** The latest explanation: why the rollout moved, holds, or ended. */
  reason: string;
  /** What holds the rollout right now, if anything. */
  blockedBy?: Block;
  /** Set by a forced start or retry. */
  forced?: boolean;
  /**
   * The operator whose command asked for the weight the rollout now moves to, until that weight is
   * written: the write's audit entry names them and their reason, not the controller that wrote it.
   */
  askedBy?: OperatorRequest;
  createdAt: number;
  updatedAt: number;
  finishedAt?: number;
  /** Sequence number of the last history entry. */
  historySeq: number;
  /** History entries persisted with this state but not yet in the history documents. */
  outbox: HistoryEntry[];
  /** The rollout's time at the last change a controller's tick made; absent in older states. */
  clock?: RolloutClock;
  /** The controller whose tick last changed the rollout, and when (wall clock). */
  drivenBy?: { holder: string; at: number };
}

export type RolloutStatusName = 'progressing' | 'paused' | 'promoted' | 'rolledBack' | 'aborted';
export type StepPhase = 'entering' | 'holding' | 'approval';

export interface StepProgress {
  /** When the step's weight was written; null until then. */
  enteredAt: number | null;
  /**
   * The same moment in the metrics' wall clock: metrics windows that start from here are the
   * step's evidence. Absent in older states (then `enteredAt`, which was a wall-clock time).
   */
  since?: number | null;
  holdUntil: number | null;
  /** A step that has no passing verdict by then takes the plan's no-data action. */
  deadlineAt: number | null;
  approved: boolean;
  /** Failed gate evaluations in a row while entering. */
  gateFailures: number;
  /** Earliest time gates are evaluated again after a failure. */
  nextGateAt: number;
  /** A manual promote lets the step in outside the deployment window. */
  windowWaived: boolean;
  /** A forced promote lets the step in during a change freeze. */
  freezeWaived: boolean;
  /** `promoteFull`: the final step completes without hold or analysis. */
  full: boolean;
}

export interface AnalysisProgress {
  /**
   * Start of the cumulative window in the metrics' wall clock (the first weight above 0;
   * blue-green: the switch; after the wall clock stepped back: the step).
   */
  since: number | null;
  /**
   * Metrics windows starting here are not read: after the wall clock stepped back, the store sums
   * new reports into windows it held from before the step. Wall clock.
   */
  excluded?: { from: number; to: number };
  /** Next analysis is due at this time. */
  nextAt: number | null;
  consecutiveFailures: number;
  last?: VerdictRecord;
  /** The judge's serialisable state between ticks (sequential test), passed back as it was given. */
  testState?: AnalysisTestState;
  /** Blue-green: stable's totals over the baseline window before the switch, read once. */
  baseline?: ArmTotals;
}

export interface VerdictRecord {
  status: Verdict['status'];
  critical: boolean;
  at: number;
  /** Step the verdict was taken at. */
  stepIndex: number;
  /** One line: the failing checks' details, or what the verdict rests on. */
  summary: string;
}

/** Who asked for a weight through an operator command, and why. */
export interface OperatorRequest {
  /** The command (`promote`, `rollback`, …). */
  command: string;
  by: string;
  /** The operator's reason, else the transition's own wording. */
  reason: string;
  /** The canary share in percent the command moves the rollout to. */
  weight: number;
}

export interface Block {
  kind: 'window' | 'freeze' | 'gate' | 'approval' | 'analysis' | 'paused';
  detail: string;
  since: number;
}

interface EntryBase {
  /** 1, 2, 3… per rollout; never reused, so writing an entry twice is harmless. */
  seq: number;
  at: number;
  rolloutId: string;
  attempt: number;
  stepIndex: number;
  /** Canary share in percent in force when the entry was made. */
  weight: number;
}

/** A change of the rollout's status, step or phase, or of what holds it. */
export interface TransitionEntry extends EntryBase {
  kind: 'transition';
  type: TransitionType;
  status: RolloutStatusName;
  /** Canary share in percent the rollout is moving to. */
  toWeight: number;
  reason: string;
  /** Who asked, for operator actions (`by` option), else 'controller'. */
  by: string;
  /** The configuration audit entry of the weight write this transition led to, once written. */
  auditId?: string;
}

/** One analysis: the verdict with every input it rests on. */
export interface VerdictEntry extends EntryBase {
  kind: 'verdict';
  verdict: Verdict;
  consecutiveFailures: number;
  /** The window the cumulative metrics cover. */
  window: { from: number; to: number };
}

/** One evaluation of the gates before a weight increase. */
export interface GateEntry extends EntryBase {
  kind: 'gate';
  /** The step being entered. */
  target: number;
  passed: boolean;
  results: GateResult[];
}

export type HistoryEntry = TransitionEntry | VerdictEntry | GateEntry;

export interface GateResult {
  kind: 'health' | 'webhook';
  name: string;
  passed: boolean;
  /** `200 after 1 attempt`, `timeout after 3 attempts`, … */
  detail: string;
  attempts: number;
}
