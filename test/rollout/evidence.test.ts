import type { RolloutController, RolloutStatus, TransitionEntry, VerdictEntry } from '@rampkit/rollout';
import { describe, expect, it } from 'vitest';
import { AppTraffic } from './support/app-traffic.js';
import { canaryPlan, transitions, World } from './support/world.js';

// The rollouts of issue #19 as a user saw them: MemoryStore, a fake clock ticking once a second,
// 100 requests a second at 1% errors, plan 5% → 25% → 50% with 10-minute holds, analysis every 10 s.
const plan = canaryPlan({
  steps: [
    { weight: 5, hold: '10m' },
    { weight: 25, hold: '10m' },
    { weight: 50, hold: '10m' },
    { weight: 100 },
  ],
  analysis: { interval: '10s' },
});

interface Run {
  world: World;
  controller: RolloutController;
  app: AppTraffic;
  /** Seconds of the steady clock since the start. */
  seconds: number;
}

async function start(options: { wall?: () => number; monotonic?: () => number } = {}): Promise<Run> {
  const world = new World();
  const controller = world.controller({
    ...(options.wall === undefined ? {} : { now: options.wall }),
    ...(options.monotonic === undefined ? {} : { monotonic: options.monotonic }),
  });
  await controller.start(plan);
  const app = new AppTraffic(world.store, options.wall ?? world.clock.now, 100);
  return { world, controller, app, seconds: 0 };
}

/** One second: the app serves and flushes, time passes, the controller ticks. Stops at the end. */
async function runUntil(run: Run, seconds: number, each?: (second: number) => void): Promise<RolloutStatus> {
  let status = await run.controller.status(plan.id!);
  while (run.seconds < seconds && !['promoted', 'rolledBack', 'aborted'].includes(status.status)) {
    each?.(run.seconds);
    await run.app.second();
    run.world.clock.set(run.world.clock.now() + 1000);
    run.seconds += 1;
    await run.controller.tick();
    status = await run.controller.status(plan.id!);
  }
  return status;
}

async function verdicts(run: Run): Promise<VerdictEntry[]> {
  const history = await run.controller.history(plan.id!);
  return history.filter((entry): entry is VerdictEntry => entry.kind === 'verdict');
}

describe('a promotion is earned by fresh evidence from both arms at the step', () => {
  it('a canary whose metrics stop arriving is never promoted: it is held, then paused at the deadline', async () => {
    const run = await start();
    const status = await runUntil(run, 3600, (second) => {
      if (second === 720) run.app.canary.reporting = false;
    });
    expect(status.status).toBe('paused');
    expect(status.step.index).toBe(1);
    expect(await run.world.canaryWeight()).toBe(25);
    const history = await run.controller.history(plan.id!);
    expect(transitions(history).map((t) => t.type)).not.toContain('promoted');
    const paused = transitions(history).find((t) => t.type === 'paused')!;
    expect(paused.reason).toMatch(
      /^no passing analysis within 30m of step 2 \(last verdict inconclusive: .*the canary silent since/,
    );
    // Every verdict after the canary went quiet (and its last windows settled) holds, naming it.
    const late = (await verdicts(run)).filter((v) => v.window.to >= quietAt(run, 760));
    expect(late.length).toBeGreaterThan(100);
    expect(late.every((v) => v.verdict.status === 'inconclusive')).toBe(true);
    const freshness = late.at(-1)!.verdict.checks.find((c) => c.name === 'freshness')!;
    expect(freshness.detail).toContain(
      `the canary silent since ${new Date(quietAt(run, 720)).toISOString()}`,
    );
  });

  it('when all traffic stops, the rollout is paused at the no-data deadline, not promoted', async () => {
    const run = await start();
    const status = await runUntil(run, 3600, (second) => {
      if (second === 720) run.app.perSecond = 0;
    });
    expect(status.status).toBe('paused');
    expect(status.step.index).toBe(1);
    const history = await run.controller.history(plan.id!);
    expect(transitions(history).map((t) => t.type)).not.toContain('promoted');
    expect(transitions(history).find((t) => t.type === 'paused')?.reason).toMatch(
      /^no passing analysis within 30m of step 2/,
    );
  });

  it('a healthy canary that keeps reporting is promoted, every step on a pass gathered at that step', async () => {
    const run = await start();
    const status = await runUntil(run, 2400);
    expect(status.status).toBe('promoted');
    const history = await run.controller.history(plan.id!);
    for (const completed of transitions(history).filter(
      (t) => t.type === 'stepCompleted' && t.weight < 100,
    )) {
      const last = history
        .filter((e): e is VerdictEntry => e.kind === 'verdict' && e.seq < completed.seq)
        .at(-1)!;
      expect(last.verdict.status).toBe('pass');
      expect(last.stepIndex).toBe(completed.stepIndex);
      expect(last.verdict.stepArms!.canary.requests).toBeGreaterThanOrEqual(200);
    }
  });
});

describe('time: holds and analysis follow a clock that does not step', () => {
  it('after the wall clock steps back an hour, analysis goes on and a canary gone bad is rolled back at once', async () => {
    let wall = Date.parse('2025-01-15T10:00:00Z');
    let steady = 0;
    const run = await start({ wall: () => wall, monotonic: () => steady });
    // The world's clock drives the store; the controller and the app read the stepping wall clock.
    const advance = () => {
      wall += 1000;
      steady += 1000;
    };
    let before: { requests: number; errors: number } | undefined;
    const status = await runUntilWith(run, 2400, advance, (second) => {
      if (second === 900) {
        wall -= 3_600_000;
        run.app.canary.errorRate = 0.2;
        before = { ...run.app.served.v2 };
      }
    });
    expect(status.status).toBe('rolledBack');
    const after = {
      requests: run.app.served.v2.requests - before!.requests,
      errors: run.app.served.v2.errors - before!.errors,
    };
    // Before: 96,000 canary requests and 18,000 errors after the step.
    expect(after.requests).toBeLessThan(2_000);
    expect(after.errors).toBeLessThan(400);
    const history = await run.controller.history(plan.id!);
    const stepped = transitions(history).find((t) => t.type === 'clockStepped')!;
    expect(stepped.reason).toMatch(/^the wall clock stepped back by 1h;/);
  });

  it('a wall clock that steps forward an hour does not end a hold', async () => {
    let wall = Date.parse('2025-01-15T10:00:00Z');
    let steady = 0;
    const run = await start({ wall: () => wall, monotonic: () => steady });
    const enteredAt: number[] = [];
    await runUntilWith(
      run,
      1300,
      () => {
        wall += 1000;
        steady += 1000;
      },
      () => undefined,
      async (status) => {
        if (enteredAt[status.step.index] === undefined) enteredAt[status.step.index] = run.seconds;
      },
      (second) => {
        if (second === 700) wall += 3_600_000;
      },
    );
    // Step 2 (25%) began at about 600 s of steady time and holds 10 minutes; the clock jumped at 700 s.
    expect(enteredAt[1]).toBeLessThan(620);
    expect(enteredAt[2]! - enteredAt[1]!).toBeGreaterThanOrEqual(600);
    const history = await run.controller.history(plan.id!);
    expect(transitions(history).find((t) => t.type === 'clockStepped')?.reason).toMatch(
      /^the wall clock stepped forward by 1h;/,
    );
  });

  it('a controller taking over with a wall clock an hour behind does not stall the analysis', async () => {
    const run = await start();
    await runUntil(run, 300);
    const checked = (await verdicts(run)).length;
    // Another controller, on a machine whose clock is an hour behind, takes over.
    await run.controller.close();
    const behind = () => run.world.clock.now() - 3_600_000;
    const successor = run.world.controller({ now: behind });
    run.controller = successor;
    const app = run.app;
    for (let i = 0; i < 120; i++) {
      await app.second();
      run.world.clock.set(run.world.clock.now() + 1000);
      await successor.tick();
    }
    // At one verdict every 10 s the successor judged about 12 more times in two minutes.
    expect((await verdicts(run)).length - checked).toBeGreaterThanOrEqual(10);
    const history = await successor.history(plan.id!);
    expect(transitions(history).some((t: TransitionEntry) => t.type === 'clockStepped')).toBe(true);
  });
});

/** Like `runUntil`, with the test's own clocks moved by `advance` each second. */
async function runUntilWith(
  run: Run,
  seconds: number,
  advance: () => void,
  each?: (second: number) => void,
  observe?: (status: RolloutStatus) => Promise<void>,
  before?: (second: number) => void,
): Promise<RolloutStatus> {
  let status = await run.controller.status(plan.id!);
  while (run.seconds < seconds && !['promoted', 'rolledBack', 'aborted'].includes(status.status)) {
    each?.(run.seconds);
    await run.app.second();
    advance();
    before?.(run.seconds);
    run.world.clock.set(run.world.clock.now() + 1000);
    run.seconds += 1;
    await run.controller.tick();
    status = await run.controller.status(plan.id!);
    await observe?.(status);
  }
  return status;
}

/** The wall-clock time of a second of the run (the world's clock started at 10:00 and ticks 1 s a second). */
function quietAt(run: Run, second: number): number {
  return run.world.clock.now() - (run.seconds - second) * 1000;
}
