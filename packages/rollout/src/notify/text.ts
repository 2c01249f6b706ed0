import type { RolloutState, TransitionEntry } from '../state/types.js';

const LABELS: Record<TransitionEntry['type'], string> = {
  started: 'started',
  stepStarted: 'moving traffic',
  stepCompleted: 'step completed',
  stepSkipped: 'step skipped',
  held: 'held',
  awaitingApproval: 'waiting for approval',
  approved: 'approved',
  paused: 'paused',
  resumed: 'resumed',
  promoted: 'promoted',
  rolledBack: 'ROLLED BACK',
  aborted: 'aborted',
  retried: 'retried',
  clockStepped: 'clock stepped',
};

/** One line a chat channel can show: the rollout, the flag, what happened, the weights and why. */
export function notificationText(entry: TransitionEntry, state: RolloutState): string {
  const weight =
    entry.toWeight === entry.weight ? `${entry.weight}%` : `${entry.weight}% → ${entry.toWeight}%`;
  return `Rollout ${state.id} of ${state.plan.flag} ${LABELS[entry.type]} (canary ${weight}): ${entry.reason}`;
}
