import { FrozenError, InvalidTransitionError } from '../errors.js';
import { activeFreeze } from '../gates/freezes.js';
import type { FreezeSpec } from '../plan/types.js';
import { advance } from './decide.js';
import { type Decision, Draft } from './draft.js';
import { freshStep, isTerminal, nextStepAfter } from './step.js';
import type { RolloutState, TransitionEntry } from './types.js';
import { formatWeight } from './weight.js';

/** An operator's action on a rollout. */
export type Command = (
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'promote'; force?: boolean }
  | { type: 'promoteFull'; force?: boolean }
  | { type: 'skipStep' }
  | { type: 'approve' }
  | { type: 'abort' }
  | { type: 'rollback' }
  | { type: 'retry'; force?: boolean }
) & {
  /** Why, in the operator's words: the transition's reason (pause, abort, rollback) or added to it. */
  reason?: string;
};

/** Commands whose transition is worded by the operator's reason alone when one is given. */
const OWN_REASON = new Set<Command['type']>(['pause', 'abort', 'rollback']);
/** Commands that move the canary's weight, now or at the next step: their weight write names the operator. */
const MOVES_WEIGHT = new Set<Command['type']>([
  'promote',
  'promoteFull',
  'skipStep',
  'approve',
  'abort',
  'rollback',
  'retry',
]);

export interface CommandContext {
  /** Who asked, recorded in the history. @default 'operator' */
  by?: string;
  /** Freezes declared on the controller, on top of the plan's. */
  freezes?: readonly FreezeSpec[];
  /** The wall clock, for freezes, when `now` is the rollout's timeline. @default now */
  wall?: number;
}

/**
 * Applies an operator's command: a pure transition like `decide`. Repeating a command that already
 * took effect (pause a paused rollout, roll back a rolled-back one) changes nothing, so a retried
 * CLI call is harmless.
 * @throws InvalidTransitionError when the command does not apply to the rollout as it is
 * @throws FrozenError for promote, promoteFull and retry inside a change freeze without `force`
 */
export function applyCommand(
  state: RolloutState,
  command: Command,
  now: number,
  context: CommandContext = {},
): Decision {
  const by = context.by ?? 'operator';
  const wall = context.wall ?? now;
  const draft = new Draft(state, now, wall);
  const s = draft.state;
  const refuse = (message: string) => new InvalidTransitionError(s.id, message);
  const checkFreeze = (what: string, force: boolean | undefined) => {
    const freeze = activeFreeze(wall, [...s.plan.gates.freezes, ...(context.freezes ?? [])]);
    if (freeze !== undefined && force !== true) throw new FrozenError(`${what} of rollout ${s.id}`, freeze);
  };
  const requireLive = (what: string) => {
    if (isTerminal(s)) throw refuse(`cannot ${what}: the rollout has ended (${s.status})`);
  };

  switch (command.type) {
    case 'pause':
      requireLive('pause');
      if (s.status !== 'paused') draft.pause(command.reason ?? `paused by ${by}`, by);
      break;
    case 'resume':
      requireLive('resume');
      if (s.status === 'paused') resume(draft, by);
      break;
    case 'promote':
      requireLive('promote');
      checkFreeze('promotion', command.force);
      promote(draft, by, command.force === true);
      break;
    case 'promoteFull': {
      requireLive('promote fully');
      checkFreeze('full promotion', command.force);
      if (s.status === 'paused') resume(draft, by);
      const last = s.plan.steps.length - 1;
      s.skipped = s.skipped.filter((index) => index !== last);
      if (s.stepIndex === last) s.step.full = true;
      else {
        s.phase = 'entering';
        s.target = last;
        s.step = freshStep(now, true);
        s.step.windowWaived = true;
        s.step.freezeWaived = command.force === true;
      }
      draft.unblock();
      draft.transition(
        'stepSkipped',
        `promoting fully: straight to ${formatWeight(100)}, without further holds or analysis`,
        by,
      );
      break;
    }
    case 'skipStep': {
      requireLive('skip a step');
      const skip = s.phase === 'entering' ? s.target : nextStepAfter(s, s.stepIndex);
      if (skip === undefined || skip === s.plan.steps.length - 1) {
        throw refuse('the last step (100%) cannot be skipped; use promoteFull or abort');
      }
      s.skipped.push(skip);
      if (s.phase === 'entering') {
        s.target = nextStepAfter(s, skip) as number;
        s.step = freshStep(now, s.step.full);
        draft.unblock();
      }
      draft.transition(
        'stepSkipped',
        `step ${skip + 1} (${formatWeight(s.plan.steps[skip]?.weight ?? 0)}) skipped by ${by}`,
        by,
      );
      break;
    }
    case 'approve':
      requireLive('approve');
      approve(draft, by, refuse);
      break;
    case 'abort':
      if (s.status === 'aborted') break;
      requireLive('abort');
      draft.end('aborted', command.reason ?? `aborted by ${by}; stable serves everyone`, by);
      break;
    case 'rollback':
      if (s.status === 'rolledBack' || s.status === 'aborted') break;
      draft.rollBack(command.reason ?? `rolled back by ${by}; stable serves everyone`, by);
      break;
    case 'retry':
      if (s.status !== 'rolledBack' && s.status !== 'aborted') {
        throw refuse(`only a rolled-back or aborted rollout can be retried, this one is ${s.status}`);
      }
      checkFreeze('retry', command.force);
      retry(draft, by, command.force === true);
      break;
  }
  noteOperator(draft, state.historySeq, command, by);
  return draft.result();
}

/**
 * Adds the operator's reason to the transitions their command made, and remembers who asked for the
 * weight the rollout now moves to, for that weight write's audit entry (controller/runner.ts).
 */
function noteOperator(draft: Draft, seqBefore: number, command: Command, by: string): void {
  const s = draft.state;
  const made = s.outbox.filter(
    (entry) => entry.kind === 'transition' && entry.seq > seqBefore && entry.by === by,
  ) as TransitionEntry[];
  const last = made.at(-1);
  if (last === undefined) return;
  if (command.reason !== undefined && !OWN_REASON.has(command.type)) {
    if (s.reason === last.reason) s.reason = `${last.reason}: ${command.reason}`;
    for (const entry of made) entry.reason = `${entry.reason}: ${command.reason}`;
  }
  if (!MOVES_WEIGHT.has(command.type)) return;
  const weight =
    s.phase === 'entering' && !isTerminal(s) ? (s.plan.steps[s.target]?.weight ?? s.weight) : s.weight;
  s.askedBy = { command: command.type, by, reason: command.reason ?? last.reason, weight };
}

function resume(draft: Draft, by: string): void {
  const s = draft.state;
  s.status = 'progressing';
  draft.unblock();
  s.step.gateFailures = 0;
  s.step.nextGateAt = draft.now;
  // The no-data deadline starts over: the operator has looked and decided to carry on.
  if (s.step.deadlineAt !== null) s.step.deadlineAt = draft.now + s.plan.analysis.noData.deadlineMs;
  if (s.phase === 'approval')
    draft.block(
      'approval',
      `step ${s.stepIndex + 1} at ${formatWeight(s.weight)} waits for approval`,
      'awaitingApproval',
    );
  draft.transition('resumed', `resumed by ${by}`, by);
}

/** A promoted step starts outside the deployment window; a forced one also inside a change freeze. */
function promote(draft: Draft, by: string, force: boolean): void {
  const s = draft.state;
  if (s.status === 'paused') resume(draft, by);
  if (s.phase !== 'entering') {
    draft.transition(
      'stepCompleted',
      `step ${s.stepIndex + 1} at ${formatWeight(s.weight)} promoted by ${by}`,
      by,
    );
    advance(draft);
  } else {
    // Say only what the promotion waives for this plan: a plan without windows has none to waive.
    const waived = [
      s.plan.gates.windows.length > 0 ? 'outside the deployment window' : undefined,
      force ? 'through a change freeze' : undefined,
    ].filter((part) => part !== undefined);
    const how = waived.length > 0 ? ` ${waived.join(' and ')}` : ' now';
    draft.transition('stepCompleted', `promoted by ${by}: step ${s.target + 1} may start${how}`, by);
  }
  if (s.phase === 'entering') {
    s.step.windowWaived = true;
    s.step.freezeWaived = force;
    s.step.nextGateAt = draft.now;
  }
}

function approve(draft: Draft, by: string, refuse: (message: string) => Error): void {
  const s = draft.state;
  const step = s.plan.steps[s.stepIndex];
  if (s.phase === 'approval') {
    if (s.status === 'paused') resume(draft, by);
    draft.transition('approved', `step ${s.stepIndex + 1} approved by ${by}`, by);
    advance(draft);
    return;
  }
  if (s.phase === 'holding' && step?.approval === true) {
    if (s.step.approved) return;
    s.step.approved = true;
    draft.transition('approved', `step ${s.stepIndex + 1} approved by ${by} ahead of its hold's end`, by);
    return;
  }
  throw refuse(`nothing to approve: step ${s.stepIndex + 1} does not wait for approval`);
}

function retry(draft: Draft, by: string, forced: boolean): void {
  const s = draft.state;
  s.attempt += 1;
  s.status = 'progressing';
  s.stepIndex = -1;
  s.phase = 'entering';
  s.skipped = [];
  s.target = nextStepAfter(s, -1) ?? 0;
  s.step = freshStep(draft.now);
  s.analysis = { since: null, nextAt: null, consecutiveFailures: 0 };
  delete s.finishedAt;
  if (forced) s.forced = true;
  draft.unblock();
  draft.transition('retried', `attempt ${s.attempt} started by ${by}, from the first step`, by);
}
