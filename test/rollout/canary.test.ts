import { describe, expect, it } from 'vitest';
import { canaryPlan, failCriticalErrorRate, transitions, World } from './support/world.js';

const ID = 'checkout-v2';

describe('a healthy canary is promoted through 5→25→50→100', () => {
  it('moves the split step by step, each after its hold and a passing analysis', async () => {
    const world = new World();
    const controller = world.controller();
    const started = await controller.start(canaryPlan());
    expect(started).toMatchObject({ status: 'progressing', weight: 0, step: { index: -1, count: 4 } });

    await controller.tick();
    expect(await world.canaryWeight()).toBe(5);
    const weights: number[] = [];
    for (let minute = 0; minute < 40; minute++) {
      weights.push(await world.canaryWeight());
      if ((await controller.status(ID)).status !== 'progressing') break;
      await world.minute(controller, { perMinute: 4000 });
    }

    const status = await controller.status(ID);
    expect(status).toMatchObject({ status: 'promoted', weight: 100, targetWeight: 100 });
    expect(await world.canaryWeight()).toBe(100);
    // 5 minutes of hold at each of 5%, 25% and 50%: never faster, never skipping a weight.
    expect(weights.slice(0, 16)).toEqual([5, 5, 5, 5, 5, 25, 25, 25, 25, 25, 50, 50, 50, 50, 50, 100]);

    const history = await controller.history(ID);
    const started_ = transitions(history).filter((t) => t.type === 'stepStarted');
    expect(started_.map((t) => t.toWeight)).toEqual([5, 25, 50, 100]);
    expect(transitions(history).at(-1)).toMatchObject({ type: 'promoted', status: 'promoted' });
    const verdicts = history.filter((entry) => entry.kind === 'verdict');
    expect(verdicts.length).toBeGreaterThanOrEqual(15);
    expect(verdicts.every((v) => v.kind === 'verdict' && v.verdict.status !== 'fail')).toBe(true);
    // Sequence numbers have no gaps and no repeats.
    expect(history.map((entry) => entry.seq)).toEqual(history.map((_, i) => i + 1));
    expect(world.errors).toEqual([]);
  });
});

describe('a bad canary is rolled back within one tick of the failing verdict', () => {
  it('rolls back on the tick whose verdict fails for the consecutive-failure limit, recording why', async () => {
    const world = new World();
    const controller = world.controller();
    await controller.start(
      // Not critical here, so that the consecutive-failure limit is what decides.
      canaryPlan({ analysis: { interval: '1m', minRequests: 100, consecutiveFailures: 2, critical: [] } }),
    );
    await controller.tick();
    let failures = 0;
    for (let minute = 0; minute < 20 && (await controller.status(ID)).status === 'progressing'; minute++) {
      await world.minute(controller, { perMinute: 4000, stableErrorRate: 0.01, canaryErrorRate: 0.2 });
      const status = await controller.status(ID);
      if (status.lastVerdict?.status === 'fail') failures += 1;
      if (status.status === 'rolledBack') break;
      expect(await world.canaryWeight()).toBe(5);
    }
    const status = await controller.status(ID);
    expect(status.status).toBe('rolledBack');
    expect(failures).toBe(2);
    // Applied in the same tick as the second failing verdict: stable serves everyone.
    expect(await world.canaryWeight()).toBe(0);
    expect(status.weight).toBe(0);
    expect(status.reason).toMatch(/^analysis failed 2 times in a row: .*canary 20(\.0)?%/);

    const history = await controller.history(ID);
    const rollback = transitions(history).find((t) => t.type === 'rolledBack');
    const lastVerdict = history.filter((entry) => entry.kind === 'verdict').at(-1);
    expect(rollback?.at).toBe(lastVerdict?.at);
    expect(rollback?.reason).toBe(status.reason);
    expect(lastVerdict).toMatchObject({
      kind: 'verdict',
      consecutiveFailures: 2,
      verdict: { status: 'fail' },
    });
  });

  it('rolls back at once when a critical check fails', async () => {
    const world = new World();
    const controller = world.controller();
    await failCriticalErrorRate(world, controller);
    const status = await controller.status(ID);
    expect(status).toMatchObject({ status: 'rolledBack', consecutiveFailures: 1 });
    expect(status.reason).toMatch(/^critical check failed: /);
    expect(await world.canaryWeight()).toBe(0);
  });
});
