import type { Command } from '../program/command.js';
import { EXIT } from '../program/exit-codes.js';
import { describeEntry } from '../progress/describe.js';
import { cliController } from './rollout-common.js';

export const rolloutHistory: Command = {
  spec: {
    path: ['rollout', 'history'],
    args: ['<id>'],
    summary: 'every transition, verdict and gate of a rollout, in order',
    options: {},
    store: 'required',
    examples: [
      'rampkit rollout history checkout-v2',
      'rampkit rollout history checkout-v2 --json | jq ".[].kind"',
    ],
  },

  async run(ctx) {
    const { store } = await ctx.store();
    const controller = cliController(ctx, store);
    try {
      const id = ctx.args[0] as string;
      const status = await controller.status(id);
      const history = await controller.history(id);
      if (ctx.out.json) ctx.out.data(history);
      else {
        ctx.out.line(`${id}: ${history.length} entries since ${new Date(status.createdAt).toISOString()}`);
        for (const entry of history) ctx.out.line(describeEntry(entry, status.createdAt));
      }
      return EXIT.ok;
    } finally {
      await controller.close();
    }
  },
};
