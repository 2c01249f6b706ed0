import { describe, expect, it } from 'vitest';
import { FLAG, MINUTE, transitions, World } from './support/world.js';

async function runUntilDone(world: World, id: string, traffic: Parameters<World['minute']>[1], minutes = 60) {
  const controller = world.controllers[0]!;
  const weights: number[] = [];
  for (let minute = 0; minute < minutes; minute++) {
    if ((await controller.status(id)).status !== 'progressing') break;
    await world.minute(controller, traffic);
    weights.push(await world.canaryWeight());
  }
  return { status: await controller.status(id), weights: [...new Set(weights)] };
}

describe('linear and exponential ramps run as expanded steps', () => {
  it('ramps linearly by step every interval up to max, then to 100%', async () => {
    const world = new World();
    const controller = world.controller();
    await controller.start({
      id: 'linear',
      flag: FLAG,
      stable: 'v1',
      canary: 'v2',
      strategy: 'linear',
      linear: { step: 20, every: '2m', max: 60 },
      analysis: { interval: '1m', minRequests: 100, compareLatency: { minRequests: 100 } },
    });
    await controller.tick();
    const { status, weights } = await runUntilDone(world, 'linear', { perMinute: 4000 });
    expect(status.status).toBe('promoted');
    expect(weights).toEqual([20, 40, 60, 100]);
  });

  it('ramps exponentially from start by factor', async () => {
    const world = new World();
    const controller = world.controller();
    await controller.start({
      id: 'exp',
      flag: FLAG,
      stable: 'v1',
      canary: 'v2',
      strategy: 'exponential',
      exponential: { start: 5, factor: 4, every: '1m' },
      analysis: { interval: '1m', minRequests: 100, compareLatency: { minRequests: 100 } },
    });
    await controller.tick();
    const { status, weights } = await runUntilDone(world, 'exp', { perMinute: 8000 });
    expect(status.status).toBe('promoted');
    expect([5, ...weights.filter((w) => w !== 5)]).toEqual([5, 20, 80, 100]);
  });
});

describe('blue-green: instant switch, post-switch analysis against the pre-switch baseline, instant revert', () => {
  async function blueGreenWorld() {
    const world = new World();
    // Ten minutes of stable-only traffic before the switch: the baseline.
    const start = world.clock.now();
    for (let minute = 0; minute < 10; minute++) {
      await world.record('v1', { requests: 2000, errors: 20, latencyMs: 50 });
      world.clock.set(world.clock.now() + MINUTE);
    }
    expect(world.clock.now()).toBe(start + 10 * MINUTE);
    const controller = world.controller();
    await controller.start({
      id: 'bg',
      flag: FLAG,
      stable: 'v1',
      canary: 'v2',
      strategy: 'blueGreen',
      blueGreen: { window: '5m', baseline: '10m' },
      analysis: { interval: '1m', minRequests: 500, compareLatency: { minRequests: 500 } },
    });
    await controller.tick();
    return { world, controller };
  }

  it('switches everyone at once and promotes after a clean window', async () => {
    const { world, controller } = await blueGreenWorld();
    expect(await world.canaryWeight()).toBe(100);
    const { status } = await runUntilDone(world, 'bg', { perMinute: 2000, canaryErrorRate: 0.01 });
    expect(status.status).toBe('promoted');
    const verdicts = (await controller.history('bg')).filter((entry) => entry.kind === 'verdict');
    // The canary was judged against the baseline: stable's 10 minutes before the switch.
    expect(verdicts[0]).toMatchObject({ verdict: { arms: { stable: { requests: 20_000, errors: 200 } } } });
    expect(verdicts.at(-1)).toMatchObject({ verdict: { status: 'pass' } });
  });

  it('reverts everyone to stable at once when the post-switch analysis fails', async () => {
    const { world, controller } = await blueGreenWorld();
    const { status } = await runUntilDone(world, 'bg', { perMinute: 2000, canaryErrorRate: 0.15 });
    expect(status.status).toBe('rolledBack');
    expect(await world.canaryWeight()).toBe(0);
    const history = await controller.history('bg');
    expect(transitions(history).map((t) => t.type)).toEqual(['started', 'stepStarted', 'rolledBack']);
    // The sequential error-rate test is critical by default: its first failure reverts.
    expect(status.reason).toMatch(/^critical check failed: canary 15%/);
  });
});
