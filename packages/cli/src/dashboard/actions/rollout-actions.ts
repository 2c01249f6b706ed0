import type { RolloutController, RolloutStatus } from '@rampkit/rollout';
import { rolloutAbort } from '../../commands/rollout-abort.js';
import { rolloutApprove } from '../../commands/rollout-approve.js';
import { rolloutPause } from '../../commands/rollout-pause.js';
import { rolloutResume } from '../../commands/rollout-resume.js';
import { rolloutRetry } from '../../commands/rollout-retry.js';
import { rolloutRollback } from '../../commands/rollout-rollback.js';
import { type Command, commandName } from '../../program/command.js';
import { isFinished } from '../../progress/describe.js';

export interface ActionInput {
  by: string;
  reason?: string;
}

/** One operator action of the rollout page. */
export interface RolloutActionSpec {
  label: string;
  /** What happens, in the CLI command's words (its help summary), for the confirmation. */
  effect: string;
  /** The CLI command that does the same. */
  command: string;
  /** Whether the action applies to a rollout in this state (others are not offered). */
  offered(status: RolloutStatus): boolean;
  /** The very controller call the CLI command makes. */
  run(controller: RolloutController, id: string, input: ActionInput): Promise<RolloutStatus>;
}

const live = (status: RolloutStatus) => !isFinished(status);
const withReason = (input: ActionInput) =>
  input.reason === undefined || input.reason === ''
    ? { by: input.by }
    : { by: input.by, reason: input.reason };

/** An action that is a CLI command: the confirmation quotes its help summary and names it. */
const sameAs = (command: Command) => ({
  effect: command.spec.summary,
  command: `rampkit ${commandName(command.spec)}`,
});

/** The actions, in the order the page shows them; each is what `rampkit rollout <name>` does. */
export const ROLLOUT_ACTIONS = {
  pause: {
    label: 'Pause',
    ...sameAs(rolloutPause),
    offered: (status) => status.status === 'progressing',
    run: (controller, id, input) => controller.pause(id, withReason(input)),
  },
  resume: {
    label: 'Resume',
    ...sameAs(rolloutResume),
    offered: (status) => status.status === 'paused',
    run: (controller, id, input) => controller.resume(id, withReason(input)),
  },
  approve: {
    label: 'Approve step',
    ...sameAs(rolloutApprove),
    offered: (status) => live(status) && status.phase === 'approval',
    run: (controller, id, input) => controller.approve(id, withReason(input)),
  },
  promote: {
    label: 'Promote step',
    effect:
      'end the current step now (hold, analysis and approval waived); gates still guard the next weight',
    command: 'rampkit rollout promote',
    offered: live,
    run: (controller, id, input) => controller.promote(id, withReason(input)),
  },
  'promote-full': {
    label: 'Promote to 100%',
    effect: 'go straight to 100% without further holds or analysis (gates still run)',
    command: 'rampkit rollout promote --full',
    offered: live,
    run: (controller, id, input) => controller.promoteFull(id, withReason(input)),
  },
  abort: {
    label: 'Abort',
    ...sameAs(rolloutAbort),
    offered: live,
    run: (controller, id, input) => controller.abort(id, withReason(input)),
  },
  rollback: {
    label: 'Roll back',
    ...sameAs(rolloutRollback),
    offered: (status) => live(status) || status.status === 'promoted',
    run: (controller, id, input) => controller.rollback(id, withReason(input)),
  },
  retry: {
    label: 'Retry',
    ...sameAs(rolloutRetry),
    offered: (status) => status.status === 'rolledBack' || status.status === 'aborted',
    run: (controller, id, input) => controller.retry(id, withReason(input)),
  },
} satisfies Record<string, RolloutActionSpec>;

export type RolloutActionName = keyof typeof ROLLOUT_ACTIONS;

export function rolloutAction(name: string): RolloutActionSpec | undefined {
  return Object.hasOwn(ROLLOUT_ACTIONS, name) ? ROLLOUT_ACTIONS[name as RolloutActionName] : undefined;
}
