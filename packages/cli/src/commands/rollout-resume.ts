import type { Command } from '../program/command.js';
import { actorOptions, reasonOption } from './options.js';
import { runRolloutAction, withReason } from './rollout-action.js';

export const rolloutResume: Command = {
  spec: {
    path: ['rollout', 'resume'],
    args: ['<id>'],
    summary: 'let a paused rollout go on',
    options: { ...reasonOption, ...actorOptions },
    store: 'required',
    examples: ['rampkit rollout resume checkout-v2'],
  },

  run: (ctx) => runRolloutAction(ctx, (controller, id) => controller.resume(id, withReason(ctx))),
};
