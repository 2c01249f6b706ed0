import type { Command } from '../program/command.js';
import { actorOptions, forceOption, reasonOption } from './options.js';
import { runRolloutAction, withReason } from './rollout-action.js';

export const rolloutRetry: Command = {
  spec: {
    path: ['rollout', 'retry'],
    args: ['<id>'],
    summary: 'start a rolled-back or aborted rollout again from its first step',
    options: { ...forceOption, ...reasonOption, ...actorOptions },
    store: 'required',
    examples: ['rampkit rollout retry checkout-v2'],
  },

  run: (ctx) =>
    runRolloutAction(ctx, (controller, id) =>
      controller.retry(id, { ...withReason(ctx), force: ctx.flag('force') }),
    ),
};
