import type { Command } from '../program/command.js';
import { byOption } from './options.js';
import { runRolloutAction } from './rollout-action.js';

export const rolloutSkipStep: Command = {
  spec: {
    path: ['rollout', 'skip-step'],
    args: ['<id>'],
    summary: 'leave the next step out of the path',
    options: { ...byOption },
    store: 'required',
    examples: ['rampkit rollout skip-step checkout-v2'],
  },

  run: (ctx) => runRolloutAction(ctx, (controller, id) => controller.skipStep(id, { by: ctx.actor })),
};
