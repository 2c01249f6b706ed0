import { table, weight } from '../format/format.js';
import type { CommandContext } from '../program/context.js';
import { UsageError } from '../program/errors.js';
import { EXIT } from '../program/exit-codes.js';
import { describeEntry, driverCell, isFinished } from '../progress/describe.js';
import { ProgressView } from '../progress/view.js';
import { watchRollout } from '../progress/watch.js';
import { cliController, describeStatus, exitCodeOf } from './rollout-common.js';

/** `rollout status [id] [--watch]`. Without an id: every live rollout. */
export async function rolloutStatus(ctx: CommandContext): Promise<number> {
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
}

export async function rolloutList(ctx: CommandContext): Promise<number> {
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
    for (const line of table([['ID', 'FLAG', 'STATUS', 'STEP', 'WEIGHT', 'DRIVER', 'UPDATED'], ...rows], [4]))
      ctx.out.line(line);
    return EXIT.ok;
  } finally {
    await controller.close();
  }
}

export async function rolloutHistory(ctx: CommandContext): Promise<number> {
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
}
