import type { RolloutController, RolloutStatus } from '@rampkit/rollout';
import { weight } from '../format/format.js';
import type { CommandContext } from '../program/context.js';
import { EXIT } from '../program/exit-codes.js';
import { isFinished } from '../progress/describe.js';
import { cliController, describeStatus } from './rollout-common.js';

type Action = (controller: RolloutController, id: string, ctx: CommandContext) => Promise<RolloutStatus>;

/** The operator commands: each changes the rollout's state, which its controller carries out. */
const ACTIONS: Record<string, Action> = {
  pause: (c, id, ctx) => c.pause(id, withReason(ctx)),
  resume: (c, id, ctx) => c.resume(id, { by: ctx.actor }),
  promote: (c, id, ctx) =>
    ctx.flag('full')
      ? c.promoteFull(id, { by: ctx.actor, force: ctx.flag('force') })
      : c.promote(id, { by: ctx.actor, force: ctx.flag('force') }),
  approve: (c, id, ctx) => c.approve(id, { by: ctx.actor }),
  'skip-step': (c, id, ctx) => c.skipStep(id, { by: ctx.actor }),
  abort: (c, id, ctx) => c.abort(id, withReason(ctx)),
  rollback: (c, id, ctx) => c.rollback(id, withReason(ctx)),
  retry: (c, id, ctx) => c.retry(id, { by: ctx.actor, force: ctx.flag('force') }),
};

function withReason(ctx: CommandContext): { by: string; reason?: string } {
  const reason = ctx.string('reason');
  return reason === undefined ? { by: ctx.actor } : { by: ctx.actor, reason };
}

/**
 * `rollout pause|resume|promote|approve|skip-step|abort|rollback|retry <id>`.
 * @throws RolloutNotFoundError (exit 2); InvalidTransitionError, FrozenError, RolloutActiveError (exit 1)
 */
export async function rolloutAction(ctx: CommandContext): Promise<number> {
  const action = ACTIONS[ctx.spec.path[1] as string] as Action;
  const { store } = await ctx.store();
  const controller = cliController(ctx, store);
  try {
    const status = await action(controller, ctx.args[0] as string, ctx);
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
