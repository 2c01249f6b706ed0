import type { Command } from '../program/command.js';
import { actorOptions, reasonOption } from './options.js';
import { runRolloutAction, withReason } from './rollout-action.js';

export const rolloutAbort: Command = {
  spec: {
    path: ['rollout', 'abort'],
    args: ['<id>'],
    summary: 'end the rollout with stable serving everyone (it can be retried)',
    options: { ...reasonOption, ...actorOptions },
    store: 'required',
    examples: ['rampkit rollout abort checkout-v2 --reason "wrong build"'],
  },

  run: (ctx) => runRolloutAction(ctx, (controller, id) => controller.abort(id, withReason(ctx))),
};
