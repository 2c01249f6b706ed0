import type { Command } from '../program/command.js';
import { EXIT } from '../program/exit-codes.js';
import { actorOptions, forceOption, idOption } from './options.js';
import { cliController, describeStatus, readPlan } from './rollout-common.js';

/** `rollout start <plan>`: starts and applies the first step; a controller elsewhere drives it on. */
export const rolloutStart: Command = {
  spec: {
    path: ['rollout', 'start'],
    args: ['<plan>'],
    summary: 'start a rollout from a JSON/YAML plan; a controller elsewhere drives it',
    details:
      'Checks the plan and that it fits the flag, applies the first step, and returns. Something must\n' +
      'drive the rollout on: a controller in your app, or `rampkit rollout run` (which also starts).',
    options: { ...idOption, ...forceOption, ...actorOptions },
    store: 'required',
    examples: ['rampkit rollout start plans/checkout.yaml --id checkout-v2 --store redis://127.0.0.1:6379'],
  },

  async run(ctx) {
    const { plan } = await readPlan(ctx);
    const { store } = await ctx.store();
    const controller = cliController(ctx, store);
    try {
      const status = await controller.start(plan, { by: ctx.actor, force: ctx.flag('force') });
      if (ctx.out.json) ctx.out.data(status);
      else {
        for (const line of describeStatus(status)) ctx.out.line(line);
        ctx.out.line(
          `\nStarted. A controller drives it from here: one in your app, or \`rampkit rollout run ${ctx.args[0]} --id ${status.id}\`.`,
        );
      }
      return EXIT.ok;
    } finally {
      await controller.close();
    }
  },
};
