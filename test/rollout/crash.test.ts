import type { RolloutController } from '@rampkit/rollout';
import { describe, expect, it } from 'vitest';
import { crashingStore } from './support/crashing-store.js';
import { canaryPlan, MINUTE, transitions, World } from './support/world.js';

const ID = 'checkout-v2';

interface Run {
  world: World;
  controller: RolloutController;
  crashed: boolean;
}

/**
 * Runs a rollout on a controller whose store dies at its `crashAt`-th write; from the next minute
 * a fresh controller (another instance) takes over from what is persisted.
 */
async function runWithCrash(
  crashAt: number,
  mode: 'before' | 'after',
  traffic: Parameters<World['minute']>[1],
  plan = canaryPlan(),
): Promise<Run> {
  const world = new World();
  const dying = crashingStore(world.store, crashAt, mode);
  const run: Run = {
    world,
    controller: world.controller({ store: dying.store, instanceId: 'a' }),
    crashed: false,
  };
  const replace = () => {
    if (dying.dead && !run.crashed) {
      run.crashed = true;
      run.controller = world.controller({ instanceId: 'b' });
    }
  };
  await run.controller.start(plan).catch(() => undefined);
  replace();
  if ((await world.controllers.at(-1)!.list()).length === 0) await run.controller.start(plan);
  await run.controller.tick().catch(() => undefined);
  replace();
  for (let minute = 0; minute < 40; minute++) {
    const status = await run.controller.status(ID).catch(() => undefined);
    if (status !== undefined && status.status !== 'progressing') break;
    await world.minute(run.controller, traffic).catch(() => undefined);
    replace();
  }
  return run;
}

async function writesOfHealthyRun(): Promise<number> {
  const world = new World();
  const counting = crashingStore(world.store, Number.POSITIVE_INFINITY, 'after');
  const controller = world.controller({ store: counting.store });
  await controller.start(canaryPlan());
  await controller.tick();
  while ((await controller.status(ID)).status === 'progressing')
    await world.minute(controller, { perMinute: 4000 });
  return counting.writes();
}

describe('a controller killed at any write and replaced continues without repeating or skipping a step', () => {
  it('promotes through exactly 5→25→50→100 whichever write the crash hits, before or after it lands', async () => {
    const total = await writesOfHealthyRun();
    expect(total).toBeGreaterThan(20);
    for (const mode of ['before', 'after'] as const) {
      for (let crashAt = 1; crashAt <= total; crashAt++) {
        const { world, controller, crashed } = await runWithCrash(crashAt, mode, { perMinute: 4000 });
        const where = `crash ${mode} write ${crashAt}`;
        expect(crashed, where).toBe(true);
        expect((await controller.status(ID)).status, where).toBe('promoted');
        const history = await controller.history(ID);
        const steps = transitions(history).filter((t) => t.type === 'stepStarted');
        expect(
          steps.map((t) => t.toWeight),
          where,
        ).toEqual([5, 25, 50, 100]);
        for (let i = 1; i < steps.length; i++) {
          expect(steps[i]!.at - steps[i - 1]!.at, where).toBeGreaterThanOrEqual(5 * MINUTE);
        }
        expect(
          history.map((entry) => entry.seq),
          where,
        ).toEqual(history.map((_, i) => i + 1));
        // One configuration write per weight: none repeated, none skipped.
        expect((await world.store.loadConfig())?.version, where).toBe(5);
      }
    }
  });

  it('keeps consecutive failure counts across the restart: rolls back after the third failure in all', async () => {
    const plan = canaryPlan({
      analysis: { interval: '1m', minRequests: 100, consecutiveFailures: 3, critical: [] },
    });
    for (let crashAt = 3; crashAt <= 14; crashAt++) {
      const { world, controller, crashed } = await runWithCrash(
        crashAt,
        'after',
        { perMinute: 4000, canaryErrorRate: 0.25 },
        plan,
      );
      const where = `crash after write ${crashAt}`;
      expect(crashed, where).toBe(true);
      const status = await controller.status(ID);
      expect(status.status, where).toBe('rolledBack');
      expect(await world.canaryWeight(), where).toBe(0);
      const verdicts = (await controller.history(ID)).filter((entry) => entry.kind === 'verdict');
      const failed = verdicts.filter((entry) => entry.kind === 'verdict' && entry.verdict.status === 'fail');
      expect(
        failed.map((entry) => entry.kind === 'verdict' && entry.consecutiveFailures),
        where,
      ).toEqual([1, 2, 3]);
      expect(status.reason, where).toMatch(/^analysis failed 3 times in a row/);
    }
  });
});
