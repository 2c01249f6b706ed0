import type { Command } from '../program/command.js';
import { byOption } from './options.js';
import { runRolloutAction } from './rollout-action.js';

export const rolloutResume: Command = {
  spec: {
    path: ['rollout', 'resume'],
    args: ['<id>'],
    summary: 'let a paused rollout go on',
    options: { ...byOption },
    store: 'required',
    examples: ['rampkit rollout resume checkout-v2'],
  },

  run: (ctx) => runRolloutAction(ctx, (controller, id) => controller.resume(id, { by: ctx.actor })),
};
