import type { RolloutController, RolloutStatus } from '@rampkit/rollout';
import { weight } from '../format/format.js';
import type { Command } from '../program/command.js';
import type { CommandContext } from '../program/context.js';
import { EXIT } from '../program/exit-codes.js';
import { isFinished } from '../progress/describe.js';
import { actorOptions, reasonOption } from './options.js';
import { cliController, describeStatus } from './rollout-common.js';

/** One operator command's change to the rollout, which its controller then carries out. */
export type RolloutAction = (controller: RolloutController, id: string) => Promise<RolloutStatus>;

/**
 * What `rollout pause|resume|promote|approve|skip-step|abort|rollback|retry <id>` share: apply the
 * change, print the rollout's status, and say so when nothing drives the rollout.
 * @throws RolloutNotFoundError (exit 2); InvalidTransitionError, FrozenError, RolloutActiveError (exit 1)
 */
export async function runRolloutAction(ctx: CommandContext, action: RolloutAction): Promise<number> {
  const { store } = await ctx.store();
  const controller = cliController(ctx, store);
  try {
    const status = await action(controller, ctx.args[0] as string);
    if (ctx.out.json) ctx.out.data(status);
    else {
      for (const line of describeStatus(status)) ctx.out.line(line);
      if (status.weight !== status.targetWeight) {
        ctx.out.line(
          `  note       the canary moves to ${weight(status.targetWeight)} when the controller driving the rollout next looks at it`,
        );
      }
    }
    if (!isFinished(status) && !status.driver.driven) {
      ctx.out.error(
        `note: nothing drives rollout ${status.id}: the change is recorded and takes effect when a controller runs it (\`rampkit rollout run <plan> --id ${status.id}\`, or a controller in your app)`,
      );
    }
    return EXIT.ok;
  } finally {
    await controller.close();
  }
}

/** `--actor` (or `--by`), and `--reason` when given. */
export function withReason(ctx: CommandContext): { by: string; reason?: string } {
  const reason = ctx.string('reason');
  return reason === undefined ? { by: ctx.actor } : { by: ctx.actor, reason };
}

/** Who asks for an operator change, and why when they said. */
export type OperatorChange = ReturnType<typeof withReason>;

/**
 * A plain operator command, `rampkit rollout <name> <id> [--reason] [--actor]` against a store: one
 * change to the rollout in the operator's name, run and reported by `runRolloutAction`.
 */
export function rolloutActionCommand(command: {
  name: string;
  summary: string;
  examples: readonly string[];
  act: (controller: RolloutController, id: string, change: OperatorChange) => Promise<RolloutStatus>;
}): Command {
  return {
    spec: {
      path: ['rollout', command.name],
      args: ['<id>'],
      summary: command.summary,
      options: { ...reasonOption, ...actorOptions },
      store: 'required',
      examples: command.examples,
    },
    run: (ctx) => runRolloutAction(ctx, (controller, id) => command.act(controller, id, withReason(ctx))),
  };
}
