import type { Command } from '../program/command.js';
import { actorOptions, reasonOption } from './options.js';
import { runRolloutAction, withReason } from './rollout-action.js';

export const rolloutApprove: Command = {
  spec: {
    path: ['rollout', 'approve'],
    args: ['<id>'],
    summary: 'let a step that waits for approval move on',
    options: { ...reasonOption, ...actorOptions },
    store: 'required',
    examples: ['rampkit rollout approve checkout-v2 --by alice'],
  },

  run: (ctx) => runRolloutAction(ctx, (controller, id) => controller.approve(id, withReason(ctx))),
};
