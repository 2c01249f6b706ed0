import { afterEach, describe, expect, it } from 'vitest';
import type { RedisTarget } from './redis-target.js';

/** Sticky assignments: the first assignment per unit and experiment is kept, in one round trip. */
export function stickySuite(target: () => RedisTarget): void {
  afterEach(() => target().closeAll());

  describe('sticky assignments keep a unit in its first arm', () => {
    it('later proposals do not move a unit; other units and experiments are independent', async () => {
      const store = target().store();
      // A generous timeout: on a busy machine the default 50 ms would fall back to the proposals.
      const options = { timeoutMs: 5_000 };
      const first = await store.assignSticky('user:1', { checkout: 'canary', search: 'b' }, options);
      expect(first).toEqual({ checkout: 'canary', search: 'b' });
      expect(
        await store.assignSticky('user:1', { checkout: 'stable', search: 'a', pricing: 'x' }, options),
      ).toEqual({
        checkout: 'canary',
        search: 'b',
        pricing: 'x',
      });
      expect(await store.assignSticky('user:{2}', { checkout: 'stable' }, options)).toEqual({
        checkout: 'stable',
      });
    });

    it('assignments carry the TTL', async () => {
      const store = target().store();
      await store.assignSticky('user:ttl', { checkout: 'canary' }, { ttlMs: 30_000, timeoutMs: 5_000 });
      const ttl = await store.client.pttl(store.keys.sticky('user:ttl', 'checkout'));
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(30_000);
    });
  });
}
