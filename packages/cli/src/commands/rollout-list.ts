import { table, weight } from '../format/format.js';
import type { Command } from '../program/command.js';
import { EXIT } from '../program/exit-codes.js';
import { driverCell, isFinished } from '../progress/describe.js';
import { cliController } from './rollout-common.js';

export const rolloutList: Command = {
  spec: {
    path: ['rollout', 'list'],
    args: [],
    summary: 'list rollouts, oldest first',
    options: { active: { type: 'boolean', description: 'only rollouts still progressing or paused' } },
    store: 'required',
    examples: ['rampkit rollout list --active', 'rampkit rollout list --json'],
  },

  async run(ctx) {
    const { store, location } = await ctx.store();
    const controller = cliController(ctx, store);
    try {
      const all = await controller.list();
      const shown = ctx.flag('active') ? all.filter((status) => !isFinished(status)) : all;
      if (ctx.out.json) {
        ctx.out.data(shown);
        return EXIT.ok;
      }
      if (shown.length === 0) {
        ctx.out.line(`no ${ctx.flag('active') ? 'live ' : ''}rollouts in ${location.display}`);
        return EXIT.ok;
      }
      const rows = shown.map((status) => [
        status.id,
        status.flag,
        status.status,
        status.step.index < 0 ? '–' : `${status.step.index + 1}/${status.step.count}`,
        weight(status.weight),
        driverCell(status),
        new Date(status.updatedAt).toISOString(),
      ]);
      const header = ['ID', 'FLAG', 'STATUS', 'STEP', 'WEIGHT', 'DRIVER', 'UPDATED'];
      for (const line of table([header, ...rows], [4])) ctx.out.line(line);
      return EXIT.ok;
    } finally {
      await controller.close();
    }
  },
};
