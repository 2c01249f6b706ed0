import type { Command } from '../program/command.js';
import { UsageError } from '../program/errors.js';
import { EXIT } from '../program/exit-codes.js';
import { isFinished } from '../progress/describe.js';
import { ProgressView } from '../progress/view.js';
import { watchRollout } from '../progress/watch.js';
import { cliController, describeStatus, exitCodeOf } from './rollout-common.js';

/** `rollout status [id] [--watch]`. Without an id: every live rollout. */
export const rolloutStatus: Command = {
  spec: {
    path: ['rollout', 'status'],
    args: ['[id]'],
    summary: 'show where a rollout is and why (all live rollouts without an id)',
    details: 'With --watch, follows it until it ends and exits like `rollout run` (it does not drive it).',
    options: {
      watch: { type: 'boolean', short: 'w', description: 'follow live progress until the rollout ends' },
      timeout: {
        type: 'string',
        placeholder: 'duration',
        description: 'with --watch: stop after this long (exit 4)',
      },
    },
    store: 'required',
    examples: [
      'rampkit rollout status checkout-v2',
      'rampkit rollout status checkout-v2 --watch',
      'rampkit rollout status --json',
    ],
  },

  async run(ctx) {
    const { store } = await ctx.store();
    const controller = cliController(ctx, store);
    try {
      const id = ctx.args[0];
      if (id === undefined) {
        if (ctx.flag('watch')) throw new UsageError(`${ctx.name}: --watch needs a rollout id`, ctx.name);
        const live = (await controller.list()).filter((status) => !isFinished(status));
        if (ctx.out.json) ctx.out.data(live);
        else if (live.length === 0)
          ctx.out.line('no live rollouts (`rampkit rollout list` shows finished ones)');
        else for (const status of live) for (const line of describeStatus(status)) ctx.out.line(line);
        return EXIT.ok;
      }
      if (!ctx.flag('watch')) {
        const status = await controller.status(id);
        if (ctx.out.json) ctx.out.data(status);
        else for (const line of describeStatus(status)) ctx.out.line(line);
        return EXIT.ok;
      }
      const view = new ProgressView(ctx.out);
      const timeoutMs = ctx.duration('timeout');
      const result = await watchRollout({
        id,
        status: (rolloutId) => controller.status(rolloutId),
        history: (rolloutId) => controller.history(rolloutId),
        metrics: store,
        view,
        signal: ctx.signal,
        ...(timeoutMs === undefined ? {} : { timeoutMs }),
        onStoreError: (error) =>
          ctx.out.error(`warning: the store does not answer, still trying: ${error.message}`),
      });
      if (ctx.out.json) ctx.out.data(result.status);
      if (result.outcome === 'timeout') {
        ctx.out.error(`${id}: still ${result.status.status} when --timeout passed; the rollout goes on`);
        return EXIT.timeout;
      }
      if (result.outcome === 'interrupted') return EXIT.interrupted;
      return exitCodeOf(result.status);
    } finally {
      await controller.close();
    }
  },
};
