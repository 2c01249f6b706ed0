import { describe, expect, it } from 'vitest';
import { crashingStore } from './support/crashing-store.js';
import { LeaseLostError } from './support/deps.js';
import { canaryPlan, checkoutFlag, transitions, World } from './support/world.js';

const ID = 'checkout-v2';

describe('two controllers on one store: only the lease holder acts', () => {
  it('lets the second controller write nothing while the first holds the lease, then take over when it lapses', async () => {
    const world = new World();
    const first = world.controller({ instanceId: 'first', leaseTtl: '90s' });
    const counted = crashingStore(world.store, Number.POSITIVE_INFINITY, 'after');
    const second = world.controller({ store: counted.store, instanceId: 'second', leaseTtl: '90s' });
    await first.start(canaryPlan());
    await first.tick();
    const before = counted.writes();
    for (let minute = 0; minute < 7; minute++) {
      await world.minute(first, { perMinute: 4000 });
      await second.tick();
    }
    expect(counted.writes()).toBe(before);
    expect(await world.canaryWeight()).toBe(25);

    // The first controller stops (a long GC pause, a dead host); after the TTL the second drives.
    for (let minute = 0; minute < 3; minute++) await world.minute(second, { perMinute: 4000 });
    expect(counted.writes()).toBeGreaterThan(before);
    // Back from its pause, the first finds the lease taken and writes nothing.
    const version = (await world.store.getDocument(`rollouts/${ID}`))?.version;
    await first.tick();
    expect((await world.store.getDocument(`rollouts/${ID}`))?.version).toBe(version);
    const steps = transitions(await second.history(ID)).filter((t) => t.type === 'stepStarted');
    expect(steps.map((t) => t.toWeight)).toEqual([5, 25, 50]);
  });

  it('refuses the writes of a holder whose token went stale mid-tick', async () => {
    const world = new World();
    let nested = false;
    const holders: string[] = [];
    const others: ReturnType<World['controller']>[] = [];
    const slowCheck = async () => {
      if (nested) return true;
      nested = true;
      // The first controller stalls inside its tick past the lease TTL; the other takes over.
      world.clock.set(world.clock.now() + 31_000);
      await others[0]!.tick();
      holders.push('second acted');
      return true;
    };
    const first = world.controller({ instanceId: 'first', healthChecks: { slow: slowCheck } });
    others.push(world.controller({ instanceId: 'second', healthChecks: { slow: slowCheck } }));
    await first.start(canaryPlan({ gates: { healthChecks: [{ name: 'slow' }] } }));
    await first.tick();

    expect(holders).toEqual(['second acted']);
    expect(world.errors.some((error) => error instanceof LeaseLostError)).toBe(true);
    const history = await first.history(ID);
    // The step was entered once, by the second controller; the stale decision was refused.
    expect(transitions(history).filter((t) => t.type === 'stepStarted')).toHaveLength(1);
    expect(history.map((entry) => entry.seq)).toEqual(history.map((_, i) => i + 1));
    expect(await world.canaryWeight()).toBe(5);
    expect((await world.store.loadConfig())?.version).toBe(2);
  });

  it('refuses a fenced state write carrying an old token', async () => {
    const world = new World();
    const controller = world.controller({ instanceId: 'a', leaseTtl: '30s' });
    await controller.start(canaryPlan());
    await controller.tick();
    const stale = (await world.store.getDocument(`rollouts/${ID}`))!;
    world.clock.set(world.clock.now() + 31_000);
    const taker = await world.store.acquireLease(`rollout/${ID}`, 'b', 30_000);
    expect(taker?.token).toBe(2);
    await expect(
      world.store.putDocument(`rollouts/${ID}`, stale.value, {
        expectedVersion: stale.version,
        fence: { lease: `rollout/${ID}`, token: 1 },
      }),
    ).rejects.toBeInstanceOf(LeaseLostError);
  });
});

describe('a controller that drives chosen rollouts leaves the others to their controllers', () => {
  it('ticks only the rollouts its drive function accepts', async () => {
    const world = new World();
    const snapshot = await world.store.loadConfig();
    await world.store.writeConfig(
      { flags: [...snapshot!.config.flags, checkoutFlag({ key: 'search' })] },
      { expectedVersion: snapshot!.version },
    );
    const starter = world.controller();
    await starter.start(canaryPlan());
    await starter.start(canaryPlan({ id: 'search-v2', flag: 'search' }));

    const mine = world.controller({ drive: (id) => id === 'search-v2' });
    await mine.tick();
    expect(await mine.status('search-v2')).toMatchObject({ weight: 5 });
    expect(await mine.status(ID)).toMatchObject({ weight: 0 });
    // It holds no lease on the rollout it leaves alone: another controller can take it at once.
    const other = world.controller({ drive: true, instanceId: 'other' });
    await other.tick();
    expect(await other.status(ID)).toMatchObject({ weight: 5 });
  });
});

describe('a controller tells when it takes, loses and hands back a lease, and what it drives', () => {
  it('emits lease acquired, lost and released, and a pass summary naming the rollouts it drives', async () => {
    const world = new World();
    const first = world.controller({ instanceId: 'first' });
    const second = world.controller({ instanceId: 'second' });
    const seen: string[] = [];
    const passes: { live: number; driving: string[] }[] = [];
    for (const controller of [first, second]) {
      controller.on('lease', ({ change, rolloutId, lease }) =>
        seen.push(`${controller.instanceId} ${change} ${rolloutId} (${lease.holder}, token ${lease.token})`),
      );
    }
    first.on('pass', ({ live, driving }) => passes.push({ live, driving }));
    await first.start(canaryPlan());
    await first.tick();
    expect(first.driving()).toEqual([ID]);
    expect(passes).toEqual([{ live: 1, driving: [ID] }]);

    // The first stalls past its lease (30s); the second takes the rollout, the first finds it lost.
    world.clock.set(world.clock.now() + 31_000);
    await second.tick();
    await first.tick();
    expect(first.driving()).toEqual([]);
    expect(second.driving()).toEqual([ID]);
    await second.close();
    expect(seen).toEqual([
      `first acquired ${ID} (first, token 1)`,
      `second acquired ${ID} (second, token 2)`,
      `first lost ${ID} (first, token 1)`,
      `second released ${ID} (second, token 2)`,
    ]);
    expect(passes.at(-1)).toEqual({ live: 1, driving: [] });
  });
});
