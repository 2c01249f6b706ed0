import type { Command } from '../program/command.js';
import { byOption, forceOption } from './options.js';
import { runRolloutAction } from './rollout-action.js';

export const rolloutRetry: Command = {
  spec: {
    path: ['rollout', 'retry'],
    args: ['<id>'],
    summary: 'start a rolled-back or aborted rollout again from its first step',
    options: { ...forceOption, ...byOption },
    store: 'required',
    examples: ['rampkit rollout retry checkout-v2'],
  },

  run: (ctx) =>
    runRolloutAction(ctx, (controller, id) =>
      controller.retry(id, { by: ctx.actor, force: ctx.flag('force') }),
    ),
};
