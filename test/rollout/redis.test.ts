import { afterAll, describe, expect, it } from 'vitest';
import { cleanupPrefix, REDIS_URL, redisForSuite, uniquePrefix } from '../support/redis.js';
import { RedisStore } from '../support/redis-deps.js';
import { canaryPlan, checkoutFlag, transitions, World } from './support/world.js';

const available = await redisForSuite('the rollout controller on RedisStore (test/rollout/redis.test.ts)');
const prefix = uniquePrefix('rollout');
const stores: RedisStore[] = [];
const ID = 'checkout-v2';

afterAll(async () => {
  await Promise.all(stores.map((store) => store.close()));
  if (available) await cleanupPrefix(prefix);
});

async function redisWorld(name: string): Promise<{ world: World; open: (now: () => number) => RedisStore }> {
  const open = (now: () => number) => {
    const store = new RedisStore({ url: REDIS_URL, prefix: `${prefix}${name}:`, now });
    stores.push(store);
    return store;
  };
  const world = new World(undefined, undefined, open);
  await world.store.writeConfig({ flags: [checkoutFlag()] }, { expectedVersion: 0 });
  return { world, open };
}

describe.skipIf(!available)(
  'the rollout controller on RedisStore: state, history and leases shared across processes',
  () => {
    it('promotes a healthy canary, and another process reads the same status and history', async () => {
      const { world, open } = await redisWorld('healthy');
      const controller = world.controller();
      await controller.start(canaryPlan());
      await controller.tick();
      for (let minute = 0; minute < 40 && (await controller.status(ID)).status === 'progressing'; minute++) {
        await world.minute(controller, { perMinute: 4000 });
      }
      expect(await world.canaryWeight()).toBe(100);
      const elsewhere = world.controller({ store: open(world.clock.now), instanceId: 'cli' });
      expect(await elsewhere.status(ID)).toMatchObject({ status: 'promoted', weight: 100 });
      const history = await elsewhere.history(ID);
      expect(
        transitions(history)
          .filter((t) => t.type === 'stepStarted')
          .map((t) => t.toWeight),
      ).toEqual([5, 25, 50, 100]);
      expect(history.map((entry) => entry.seq)).toEqual(history.map((_, i) => i + 1));
    });

    it('rolls a bad canary back, and a second controller on its own connection never acts while the first holds the lease', async () => {
      const { world, open } = await redisWorld('bad');
      const first = world.controller({ instanceId: 'first' });
      const second = world.controller({ store: open(world.clock.now), instanceId: 'second' });
      await first.start(canaryPlan());
      await first.tick();
      await second.tick();
      for (let minute = 0; minute < 10 && (await first.status(ID)).status === 'progressing'; minute++) {
        await world.minute(first, { perMinute: 4000, canaryErrorRate: 0.25 });
        const version = (await world.store.getDocument(`rollouts/${ID}`))?.version;
        await second.tick();
        expect((await world.store.getDocument(`rollouts/${ID}`))?.version).toBe(version);
      }
      expect(await second.status(ID)).toMatchObject({
        status: 'rolledBack',
        weight: 0,
        // The sequential error-rate test is critical by default: one failing verdict suffices.
        consecutiveFailures: 1,
      });
      expect(await world.canaryWeight()).toBe(0);
    });
  },
);
