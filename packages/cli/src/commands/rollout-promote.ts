import type { Command } from '../program/command.js';
import { actorOptions, forceOption, reasonOption } from './options.js';
import { runRolloutAction, withReason } from './rollout-action.js';

export const rolloutPromote: Command = {
  spec: {
    path: ['rollout', 'promote'],
    args: ['<id>'],
    summary: 'end the current step now; with --full go straight to 100%',
    options: {
      full: { type: 'boolean', description: 'promote to 100% at once (gates still run)' },
      ...forceOption,
      ...reasonOption,
      ...actorOptions,
    },
    store: 'required',
    examples: ['rampkit rollout promote checkout-v2', 'rampkit rollout promote checkout-v2 --full'],
  },

  run: (ctx) =>
    runRolloutAction(ctx, (controller, id) =>
      ctx.flag('full')
        ? controller.promoteFull(id, { ...withReason(ctx), force: ctx.flag('force') })
        : controller.promote(id, { ...withReason(ctx), force: ctx.flag('force') }),
    ),
};
