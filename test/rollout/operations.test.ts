import { flagOwner } from '@rampkit/rollout';
import { describe, expect, it } from 'vitest';
import { canaryPlan, checkoutFlag, FLAG, transitions, World } from './support/world.js';

const ID = 'checkout-v2';

async function startedAt5() {
  const world = new World();
  const controller = world.controller();
  await controller.start(canaryPlan());
  await controller.tick();
  expect(await world.canaryWeight()).toBe(5);
  return { world, controller };
}

describe('the controller needs a store with every facet', () => {
  it('names what a config-only store lacks', () => {
    const world = new World();
    const configOnly = {
      loadConfig: () => world.store.loadConfig(),
      writeConfig: world.store.writeConfig.bind(world.store),
    };
    expect(() => world.controller({ store: configOnly as never })).toThrow(
      'this one lacks readMetrics, readMetricsWindows, acquireLease, renewLease, releaseLease, checkFence, readLease, getDocument, putDocument, listDocuments',
    );
  });
});

describe('a plan that does not fit its flag is refused before anything changes', () => {
  it('refuses a flag that does not exist, or variations it does not have', async () => {
    const world = new World();
    const controller = world.controller();
    await expect(controller.start(canaryPlan({ flag: 'nope' }))).rejects.toThrow(
      'invalid rollout plan: flag: no flag "nope" in the configuration',
    );
    await expect(controller.start(canaryPlan({ canary: 'v3' }))).rejects.toMatchObject({
      code: 'RAMPKIT_INVALID_PLAN',
      issues: [{ path: 'canary', message: 'flag "checkout" has no variation "v3" (it has v1, v2)' }],
    });
    expect(await controller.list()).toEqual([]);
    expect(await world.store.listDocuments('')).toEqual([]);
    expect((await world.store.loadConfig())?.version).toBe(1);
  });

  it('refuses a flag serving a third variation, or switched off', async () => {
    const third = new World(
      checkoutFlag({ variations: { v1: 1, v2: 2, v0: 0 }, fallthrough: { variation: 'v0' } }),
    );
    await expect(third.controller().start(canaryPlan())).rejects.toThrow(
      'flag: flag "checkout" serves everyone "v0", not v1, v2 or a split of the two',
    );
    const off = new World(checkoutFlag({ enabled: false }));
    await expect(off.controller().start(canaryPlan())).rejects.toThrow(
      'flag "checkout" is disabled (kill switch)',
    );
  });

  it('refuses a second rollout of the same flag while one is live, and a taken id', async () => {
    const { controller } = await startedAt5();
    await expect(controller.start(canaryPlan({ id: 'other' }))).rejects.toMatchObject({
      code: 'RAMPKIT_ROLLOUT_ACTIVE',
      message:
        'flag checkout is already driven by rollout checkout-v2 (progressing); finish, abort or roll it back first',
    });
    await controller.abort(ID);
    await expect(controller.start(canaryPlan())).rejects.toThrow('rollout id checkout-v2 is already taken');
    const next = await controller.start(canaryPlan({ id: 'other' }));
    expect(next).toMatchObject({ id: 'other', status: 'progressing' });
  });

  it('names the live rollout that owns a flag, and none once it has ended', async () => {
    const { world, controller } = await startedAt5();
    const now = world.clock.now();
    expect(await flagOwner(world.store, FLAG, now)).toEqual({ rolloutId: ID, status: 'progressing' });
    expect(await flagOwner(world.store, 'search', now)).toBeUndefined();
    await controller.abort(ID);
    expect(await flagOwner(world.store, FLAG, now)).toBeUndefined();
  });

  it('gives a rollout without an id one made of the flag and the start time', async () => {
    const world = new World();
    const { id: _id, ...plan } = canaryPlan();
    const started = await world.controller().start(plan);
    expect(started.id).toBe(`${FLAG}-${world.clock.now().toString(36)}`);
  });
});

describe('operations: pause, resume, promote, promoteFull, skipStep, abort, rollback, retry', () => {
  it('pause stops progress (repeating it changes nothing); resume continues', async () => {
    const { world, controller } = await startedAt5();
    await controller.pause(ID, { by: 'dana', reason: 'looking at dashboards' });
    const again = await controller.pause(ID);
    expect(again).toMatchObject({
      status: 'paused',
      reason: 'looking at dashboards',
      blockedBy: { kind: 'paused' },
    });
    for (let minute = 0; minute < 8; minute++) await world.minute(controller, { perMinute: 4000 });
    expect(await world.canaryWeight()).toBe(5);
    await controller.resume(ID);
    await controller.tick();
    expect(await world.canaryWeight()).toBe(25);
    const types = transitions(await controller.history(ID)).map((t) => t.type);
    expect(types.filter((t) => t === 'paused')).toHaveLength(1);
  });

  it('a paused rollout is still judged: a failing canary is rolled back', async () => {
    const { world, controller } = await startedAt5();
    await controller.pause(ID);
    for (let minute = 0; minute < 3; minute++)
      await world.minute(controller, { perMinute: 4000, canaryErrorRate: 0.3 });
    expect((await controller.status(ID)).status).toBe('rolledBack');
    expect(await world.canaryWeight()).toBe(0);
  });

  it('promote ends the current step now; skipStep leaves the next one out; promoteFull goes to 100%', async () => {
    const { world, controller } = await startedAt5();
    await controller.promote(ID);
    await controller.tick();
    expect(await world.canaryWeight()).toBe(25);
    await controller.skipStep(ID);
    await controller.promote(ID);
    await controller.tick();
    expect(await world.canaryWeight()).toBe(100);
    expect((await controller.status(ID)).status).toBe('promoted');

    const other = await startedAt5();
    await other.controller.promoteFull(ID);
    await other.controller.tick();
    expect(await other.world.canaryWeight()).toBe(100);
    expect(await other.controller.status(ID)).toMatchObject({ status: 'promoted' });
    await expect(other.controller.promote(ID)).rejects.toMatchObject({ code: 'RAMPKIT_INVALID_TRANSITION' });
  });

  it('refuses to skip the last step', async () => {
    const { controller } = await startedAt5();
    await controller.skipStep(ID);
    await controller.skipStep(ID);
    await expect(controller.skipStep(ID)).rejects.toThrow('the last step (100%) cannot be skipped');
  });

  it('rollback puts stable at 100% at once, skipping analysis, even after promotion', async () => {
    const { world, controller } = await startedAt5();
    await controller.promoteFull(ID);
    await controller.tick();
    expect(await world.canaryWeight()).toBe(100);
    // A controller that only issues commands (a CLI) applies it itself when no one else holds the lease.
    const cli = world.controller({ drive: false, instanceId: 'cli' });
    world.clock.set(world.clock.now() + 60_000);
    const status = await cli.rollback(ID, { by: 'erin' });
    expect(status).toMatchObject({
      status: 'rolledBack',
      weight: 0,
      reason: 'rolled back by erin; stable serves everyone',
    });
    expect(await world.canaryWeight()).toBe(0);
    expect(await cli.rollback(ID)).toMatchObject({ status: 'rolledBack' });
  });

  it('refuses to roll back a promoted rollout once a newer one drives the flag', async () => {
    const { world, controller } = await startedAt5();
    await controller.promoteFull(ID);
    await controller.tick();
    await controller.start(canaryPlan({ id: 'next', stable: 'v2', canary: 'v1' }));
    await expect(controller.rollback(ID)).rejects.toThrow(
      'rollout checkout-v2: flag checkout is now driven by rollout next; roll that one back',
    );
    expect(await world.canaryWeight()).toBe(100);
  });

  it('retry starts a rolled-back rollout again from the first step, with fresh analysis', async () => {
    const { world, controller } = await startedAt5();
    for (let minute = 0; minute < 3; minute++)
      await world.minute(controller, { perMinute: 4000, canaryErrorRate: 0.3 });
    expect((await controller.status(ID)).status).toBe('rolledBack');
    await expect(controller.resume(ID)).rejects.toThrow('cannot resume: the rollout has ended (rolledBack)');
    const retried = await controller.retry(ID, { by: 'frank' });
    expect(retried).toMatchObject({
      status: 'progressing',
      attempt: 2,
      consecutiveFailures: 0,
      step: { index: -1 },
    });
    await controller.tick();
    expect(await world.canaryWeight()).toBe(5);
    for (let minute = 0; minute < 5; minute++) await world.minute(controller, { perMinute: 4000 });
    expect(await world.canaryWeight()).toBe(25);
    await expect(controller.retry(ID)).rejects.toMatchObject({ code: 'RAMPKIT_INVALID_TRANSITION' });
  });

  it('pauses and says why when the flag it ramps was removed', async () => {
    const { world, controller } = await startedAt5();
    const snapshot = (await world.store.loadConfig())!;
    await world.store.writeConfig({ flags: [] }, { expectedVersion: snapshot.version });
    await controller.promote(ID);
    await controller.tick();
    const status = await controller.status(ID);
    expect(status).toMatchObject({ status: 'paused', weight: 5, targetWeight: 25 });
    expect(status.reason).toBe('could not move traffic: no flag "checkout" in the configuration');
    expect(world.errors.map((error) => error.message)).toContain('no flag "checkout" in the configuration');
  });

  it('lists rollouts and reports unknown ids', async () => {
    const { controller } = await startedAt5();
    expect((await controller.list()).map((status) => status.id)).toEqual([ID]);
    await expect(controller.status('missing')).rejects.toMatchObject({ code: 'RAMPKIT_ROLLOUT_NOT_FOUND' });
    await expect(controller.pause('missing')).rejects.toMatchObject({ code: 'RAMPKIT_ROLLOUT_NOT_FOUND' });
  });
});

describe('the runner drives rollouts on its own timer', () => {
  it('ticks every poll interval with the injected scheduler, and waitFor resolves at the end', async () => {
    const world = new World();
    const controller = world.controller({ drive: true, pollInterval: '10s' });
    const transitionsSeen: string[] = [];
    controller.on('transition', (entry) => transitionsSeen.push(entry.type));
    await controller.start(
      canaryPlan({ steps: [{ weight: 5, hold: '30s', analysis: false }, { weight: 100 }] }),
    );
    expect(await world.canaryWeight()).toBe(5);
    let final: string | undefined;
    void controller.waitFor(ID).then((status) => {
      final = status.status;
    });
    await world.clock.advance(20_000);
    expect(await world.canaryWeight()).toBe(5);
    await world.clock.advance(20_000);
    expect(await world.canaryWeight()).toBe(100);
    await world.clock.advance(10_000);
    expect(final).toBe('promoted');
    expect(transitionsSeen).toEqual([
      'started',
      'stepStarted',
      'stepCompleted',
      'stepStarted',
      'stepCompleted',
      'promoted',
    ]);
    await controller.close();
    expect(world.clock.pendingTimers).toBe(0);
  });
});

describe('history is kept for reports', () => {
  it('keeps every verdict with weights and per-arm metrics across history documents', async () => {
    const world = new World();
    const controller = world.controller();
    await controller.start(canaryPlan({ steps: [{ weight: 10, hold: '3h' }] }));
    await controller.tick();
    for (let minute = 0; minute < 150; minute++) await world.minute(controller, { perMinute: 1000 });
    const history = await controller.history(ID);
    const verdicts = history.filter((entry) => entry.kind === 'verdict');
    expect(verdicts).toHaveLength(150);
    expect(verdicts[149]).toMatchObject({
      weight: 10,
      verdict: { arms: { canary: { requests: 15_000 }, stable: { requests: 135_000 } } },
    });
    expect(await world.store.listDocuments(`rollout-history/${ID}/`)).toHaveLength(2);
    expect(history.map((entry) => entry.seq)).toEqual(history.map((_, i) => i + 1));
  });
});

describe('status says who drives a rollout', () => {
  it('names the controller holding the lease and its last tick, then since when nothing has', async () => {
    const world = new World();
    const driver = world.controller({ instanceId: 'controller-a', leaseTtl: '30s' });
    const observer = world.controller({ instanceId: 'cli' });
    await driver.start(canaryPlan());
    await driver.tick();
    const tickedAt = world.clock.now();
    expect((await observer.status(ID)).driver).toEqual({
      driven: true,
      holder: 'controller-a',
      lastTickAt: tickedAt,
      leaseExpiresAt: tickedAt + 30_000,
    });
    // The driver stops ticking: once its lease lapses, nothing drives the rollout.
    world.clock.set(tickedAt + 31_000);
    expect((await observer.status(ID)).driver).toEqual({
      driven: false,
      since: tickedAt,
      lastHolder: 'controller-a',
    });
  });
});
