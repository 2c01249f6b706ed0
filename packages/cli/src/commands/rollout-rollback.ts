import type { Command } from '../program/command.js';
import { actorOptions, reasonOption } from './options.js';
import { runRolloutAction, withReason } from './rollout-action.js';

export const rolloutRollback: Command = {
  spec: {
    path: ['rollout', 'rollback'],
    args: ['<id>'],
    summary: 'stable to 100% at once, skipping analysis (also undoes a promoted rollout)',
    options: { ...reasonOption, ...actorOptions },
    store: 'required',
    examples: ['rampkit rollout rollback checkout-v2 --reason "smoke tests failed"'],
  },

  run: (ctx) => runRolloutAction(ctx, (controller, id) => controller.rollback(id, withReason(ctx))),
};
