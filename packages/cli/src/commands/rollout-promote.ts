import type { Command } from '../program/command.js';
import { byOption, forceOption } from './options.js';
import { runRolloutAction } from './rollout-action.js';

export const rolloutPromote: Command = {
  spec: {
    path: ['rollout', 'promote'],
    args: ['<id>'],
    summary: 'end the current step now; with --full go straight to 100%',
    options: {
      full: { type: 'boolean', description: 'promote to 100% at once (gates still run)' },
      ...forceOption,
      ...byOption,
    },
    store: 'required',
    examples: ['rampkit rollout promote checkout-v2', 'rampkit rollout promote checkout-v2 --full'],
  },

  run: (ctx) =>
    runRolloutAction(ctx, (controller, id) =>
      ctx.flag('full')
        ? controller.promoteFull(id, { by: ctx.actor, force: ctx.flag('force') })
        : controller.promote(id, { by: ctx.actor, force: ctx.flag('force') }),
    ),
};
