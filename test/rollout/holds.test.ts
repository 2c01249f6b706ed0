import { describe, expect, it } from 'vitest';
import { canaryPlan, MINUTE, transitions, World } from './support/world.js';

const ID = 'checkout-v2';

describe('no data holds; after the deadline the configured action applies', () => {
  const noData = (action: 'pause' | 'rollback' | 'continue') =>
    canaryPlan({ analysis: { interval: '1m', minRequests: 100, noData: { deadline: '10m', action } } });

  it('holds without traffic and never fails for it; pauses at the deadline and says why', async () => {
    const world = new World();
    const controller = world.controller();
    await controller.start(noData('pause'));
    await controller.tick();
    for (let minute = 1; minute <= 9; minute++) {
      await world.minute(controller, { perMinute: 0 });
      const status = await controller.status(ID);
      expect(status).toMatchObject({ status: 'progressing', weight: 5, consecutiveFailures: 0 });
      if (minute >= 5) expect(status.blockedBy).toMatchObject({ kind: 'analysis' });
    }
    await world.minute(controller, { perMinute: 0 });
    const status = await controller.status(ID);
    expect(status).toMatchObject({ status: 'paused', weight: 5, blockedBy: { kind: 'paused' } });
    expect(status.reason).toMatch(
      /^no passing analysis within 10m of step 1 \(last verdict inconclusive: waiting for 100 requests.*paused as the plan says/,
    );
    const verdicts = (await controller.history(ID)).filter((entry) => entry.kind === 'verdict');
    expect(verdicts.map((v) => v.kind === 'verdict' && v.verdict.status)).toEqual(
      Array(10).fill('inconclusive'),
    );
  });

  it('rolls back at the deadline when the plan says rollback', async () => {
    const world = new World();
    const controller = world.controller();
    await controller.start(noData('rollback'));
    await controller.tick();
    for (let minute = 0; minute < 10; minute++) await world.minute(controller, { perMinute: 200 });
    expect(await controller.status(ID)).toMatchObject({ status: 'rolledBack' });
    expect(await world.canaryWeight()).toBe(0);
  });

  it('moves on at the deadline when the plan says continue, and holds again at the next step', async () => {
    const world = new World();
    const controller = world.controller();
    await controller.start(noData('continue'));
    await controller.tick();
    for (let minute = 0; minute < 10; minute++) await world.minute(controller, { perMinute: 0 });
    expect(await controller.status(ID)).toMatchObject({ status: 'progressing', weight: 25 });
    const completed = transitions(await controller.history(ID)).find((t) => t.type === 'stepCompleted');
    expect(completed?.reason).toMatch(/continuing as the plan says \(noData.action: continue\)/);
  });

  it('restarts the deadline on resume', async () => {
    const world = new World();
    const controller = world.controller();
    await controller.start(noData('pause'));
    await controller.tick();
    for (let minute = 0; minute < 10; minute++) await world.minute(controller, { perMinute: 0 });
    expect((await controller.status(ID)).status).toBe('paused');
    const resumed = await controller.resume(ID);
    expect(resumed.step.deadlineAt).toBe(world.clock.now() + 10 * MINUTE);
    await world.minute(controller, { perMinute: 0 });
    expect((await controller.status(ID)).status).toBe('progressing');
  });
});

describe('approval steps wait for a manual approve', () => {
  const plan = canaryPlan({
    steps: [{ weight: 5, hold: '2m' }, { approval: true }, { weight: 50, hold: '2m' }],
  });

  it('waits at the weight until approved, then moves on', async () => {
    const world = new World();
    const controller = world.controller();
    await controller.start(plan);
    await controller.tick();
    for (let minute = 0; minute < 8; minute++) await world.minute(controller, { perMinute: 4000 });
    const waiting = await controller.status(ID);
    expect(waiting).toMatchObject({
      status: 'progressing',
      phase: 'approval',
      weight: 5,
      blockedBy: { kind: 'approval' },
    });
    expect(waiting.reason).toBe('step 2 at 5% waits for approval');
    const asked = transitions(await controller.history(ID)).filter((t) => t.type === 'awaitingApproval');
    expect(asked).toHaveLength(1);

    const approved = await controller.approve(ID, { by: 'alice' });
    expect(approved.phase).toBe('entering');
    await controller.tick();
    expect(await world.canaryWeight()).toBe(50);
    const approval = transitions(await controller.history(ID)).find((t) => t.type === 'approved');
    expect(approval).toMatchObject({ by: 'alice', reason: 'step 2 approved by alice' });
  });

  it('refuses an approve when nothing waits for one', async () => {
    const world = new World();
    const controller = world.controller();
    await controller.start(plan);
    await controller.tick();
    await expect(controller.approve(ID)).rejects.toMatchObject({
      code: 'RAMPKIT_INVALID_TRANSITION',
      message: 'rollout checkout-v2: nothing to approve: step 1 does not wait for approval',
    });
  });
});

describe('deployment windows: a step that falls outside waits', () => {
  it('holds the weight increase until the window opens, then takes it', async () => {
    // Wednesday 2025-01-15 16:58 in Berlin (15:58Z); window weekdays 09:00–17:00.
    const world = new World(undefined, Date.parse('2025-01-15T15:58:00Z'));
    const controller = world.controller();
    await controller.start(
      canaryPlan({
        steps: [{ weight: 5, hold: '3m' }, { weight: 25 }],
        gates: {
          windows: [
            {
              days: ['mon', 'tue', 'wed', 'thu', 'fri'],
              start: '09:00',
              end: '17:00',
              timeZone: 'Europe/Berlin',
            },
          ],
        },
      }),
    );
    await controller.tick();
    expect(await world.canaryWeight()).toBe(5);
    for (let minute = 0; minute < 5; minute++) await world.minute(controller, { perMinute: 4000 });
    const waiting = await controller.status(ID);
    expect(waiting).toMatchObject({ weight: 5, phase: 'entering', blockedBy: { kind: 'window' } });
    expect(waiting.reason).toBe(
      'step 2 (25%) waits: outside the deployment window (Mon–Fri 09:00–17:00 Europe/Berlin); it is Wed 17:03 Europe/Berlin',
    );
    // Thursday 09:00 Berlin.
    world.clock.set(Date.parse('2025-01-16T08:00:00Z'));
    await controller.tick();
    expect(await world.canaryWeight()).toBe(25);
  });

  it('lets a manual promote start the step outside the window', async () => {
    const world = new World(undefined, Date.parse('2025-01-18T12:00:00Z'));
    const controller = world.controller();
    await controller.start(canaryPlan({ gates: { windows: [{ days: ['mon'], timeZone: 'UTC' }] } }));
    await controller.tick();
    expect((await controller.status(ID)).blockedBy?.kind).toBe('window');
    const promoted = await controller.promote(ID);
    expect(promoted.reason).toBe('promoted by operator: step 1 may start outside the deployment window');
    await controller.tick();
    expect(await world.canaryWeight()).toBe(5);
  });

  it('says nothing of a window when the plan has none', async () => {
    const world = new World();
    const controller = world.controller();
    await controller.start(canaryPlan());
    expect((await controller.promote(ID)).reason).toBe('promoted by operator: step 1 may start now');
  });
});

describe('change freezes: refused unless forced, and the refusal says why', () => {
  const freeze = { from: '2025-01-15', to: '2025-01-16', reason: 'quarter close' };

  it('refuses to start inside a freeze, naming it, and changes nothing', async () => {
    const world = new World();
    const controller = world.controller();
    const refused = await controller
      .start(canaryPlan({ gates: { freezes: [freeze] } }))
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({
      code: 'RAMPKIT_FROZEN',
      message:
        'start of rollout checkout-v2 refused: change freeze "quarter close" is in force from 2025-01-15T00:00:00.000Z to 2025-01-17T00:00:00.000Z; pass { force: true } to override',
    });
    expect(await controller.list()).toEqual([]);
    expect((await world.store.loadConfig())?.version).toBe(1);
  });

  it('starts when forced, records it, and still holds automatic increases during the freeze', async () => {
    const world = new World();
    const controller = world.controller({ freezes: [freeze] });
    const started = await controller.start(canaryPlan(), { force: true, by: 'bob' });
    expect(started.reason).toMatch(/^started by bob \(forced through a change freeze\)/);
    await controller.tick();
    expect(await world.canaryWeight()).toBe(0);
    expect((await controller.status(ID)).reason).toMatch(
      /^step 1 \(5%\) waits: change freeze "quarter close"/,
    );
    await expect(controller.promote(ID)).rejects.toMatchObject({ code: 'RAMPKIT_FROZEN' });
    await controller.promote(ID, { force: true });
    await controller.tick();
    expect(await world.canaryWeight()).toBe(5);
    // The next increase waits for the freeze to end again, then happens by itself.
    for (let minute = 0; minute < 6; minute++) await world.minute(controller, { perMinute: 4000 });
    expect(await world.canaryWeight()).toBe(5);
    expect((await controller.status(ID)).blockedBy?.kind).toBe('freeze');
    world.clock.set(Date.parse('2025-01-17T00:00:00Z'));
    await controller.tick();
    expect(await world.canaryWeight()).toBe(25);
  });
});
