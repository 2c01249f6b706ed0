import type { Command } from '../program/command.js';
import { actorOptions, reasonOption } from './options.js';
import { runRolloutAction, withReason } from './rollout-action.js';

export const rolloutSkipStep: Command = {
  spec: {
    path: ['rollout', 'skip-step'],
    args: ['<id>'],
    summary: 'leave the next step out of the path',
    options: { ...reasonOption, ...actorOptions },
    store: 'required',
    examples: ['rampkit rollout skip-step checkout-v2'],
  },

  run: (ctx) => runRolloutAction(ctx, (controller, id) => controller.skipStep(id, withReason(ctx))),
};
