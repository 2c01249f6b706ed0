import type { Command } from '../program/command.js';
import { actorOptions, reasonOption } from './options.js';
import { runRolloutAction, withReason } from './rollout-action.js';

export const rolloutPause: Command = {
  spec: {
    path: ['rollout', 'pause'],
    args: ['<id>'],
    summary: 'stop progress (analysis goes on: a failing canary is still rolled back)',
    options: { ...reasonOption, ...actorOptions },
    store: 'required',
    examples: ['rampkit rollout pause checkout-v2 --reason "investigating latency"'],
  },

  run: (ctx) => runRolloutAction(ctx, (controller, id) => controller.pause(id, withReason(ctx))),
};
