import { afterEach, describe, expect, it } from 'vitest';
import { ConflictError, type Lease, LeaseLostError } from './redis-deps.js';
import { sleep } from './redis-fixtures.js';
import type { RedisTarget } from './redis-target.js';

/** The LeaseStore and DocumentStore contracts on Redis: one holder, fencing tokens, fenced CAS writes. */
export function leaseSuite(target: () => RedisTarget): void {
  afterEach(() => target().closeAll());
  let counter = 0;
  const leaseName = () => {
    counter += 1;
    return `rollout-${counter}`;
  };

  describe('a lease has one holder at a time, with increasing fencing tokens', () => {
    it('a second contender is refused while the first holds it, and gets a newer token after release', async () => {
      const [a, b] = [target().store(), target().store()];
      const name = leaseName();
      const first = await a.acquireLease(name, 'a', 5_000);
      expect(first).toMatchObject({ name, holder: 'a' });
      expect(await b.acquireLease(name, 'b', 5_000)).toBeNull();
      // Acquiring again as the holder keeps the token (idempotent for the holder).
      expect((await a.acquireLease(name, 'a', 5_000))?.token).toBe(first?.token);
      await a.releaseLease(first as Lease);
      const second = await b.acquireLease(name, 'b', 5_000);
      expect(second?.token).toBeGreaterThan(first?.token ?? Number.POSITIVE_INFINITY);
      expect(await b.checkFence(name, second?.token ?? -1)).toBe(true);
      expect(await b.checkFence(name, first?.token ?? -1)).toBe(false);
    });

    it('any store can read who holds a lease and when it was last renewed; a released lease reads as free', async () => {
      const [a, reader] = [target().store(), target().store()];
      const name = leaseName();
      expect(await reader.readLease(name)).toBeNull();
      const before = Date.now();
      const held = (await a.acquireLease(name, 'a', 5_000)) as Lease;
      const read = await reader.readLease(name);
      expect(read).toMatchObject({ name, holder: 'a', token: held.token });
      expect(read!.renewedAt!).toBeGreaterThanOrEqual(before - 50);
      expect(read!.renewedAt!).toBeLessThanOrEqual(Date.now());
      expect(read!.expiresAt - read!.renewedAt!).toBeLessThanOrEqual(5_000);
      await a.releaseLease(held);
      expect(await reader.readLease(name)).toBeNull();
    });

    it('renew extends only the current token; releasing a lost lease leaves the new holder alone', async () => {
      const [a, b] = [target().store(), target().store()];
      const name = leaseName();
      const held = (await a.acquireLease(name, 'a', 5_000)) as Lease;
      expect(await a.renewLease(held, 5_000)).toMatchObject({ token: held.token });
      expect(await a.renewLease({ ...held, token: held.token + 1 }, 5_000)).toBeNull();
      await a.releaseLease(held);
      const taken = (await b.acquireLease(name, 'b', 5_000)) as Lease;
      await a.releaseLease(held);
      expect(await b.checkFence(name, taken.token)).toBe(true);
    });

    it('a holder paused past its TTL is refused: renew, fence check and fenced writes all fail', async () => {
      const [paused, other] = [target().store(), target().store()];
      const name = leaseName();
      const stale = (await paused.acquireLease(name, 'paused', 100)) as Lease;
      await paused.putDocument(
        `${name}/state`,
        { step: 1 },
        { expectedVersion: 0, fence: { lease: name, token: stale.token } },
      );
      await sleep(150); // the holder "pauses" past its TTL
      const fresh = await other.acquireLease(name, 'other', 5_000);
      expect(fresh?.token).toBeGreaterThan(stale.token);
      expect(await paused.renewLease(stale, 100)).toBeNull();
      expect(await paused.checkFence(name, stale.token)).toBe(false);
      const refused = await paused
        .putDocument(
          `${name}/state`,
          { step: 2 },
          { expectedVersion: 1, fence: { lease: name, token: stale.token } },
        )
        .catch((e) => e);
      expect(refused).toBeInstanceOf(LeaseLostError);
      expect((await other.getDocument(`${name}/state`))?.value).toEqual({ step: 1 });
    });

    it('two contenders racing: fenced writes never go back to an older token', async () => {
      const stores = [target().store(), target().store()];
      const name = leaseName();
      const doc = `${name}/counter`;
      const violations: string[] = [];
      const tokensSeen = new Set<number>();
      const deadline = Date.now() + 800;
      await Promise.all(
        stores.map(async (store, i) => {
          while (Date.now() < deadline) {
            const lease = await store.acquireLease(name, `c${i}`, 60);
            if (!lease) {
              await sleep(5);
              continue;
            }
            tokensSeen.add(lease.token);
            for (let write = 0; write < 3; write += 1) {
              const current = await store.getDocument<{ token: number; n: number }>(doc);
              try {
                await store.putDocument(
                  doc,
                  { token: lease.token, n: (current?.value.n ?? 0) + 1 },
                  { expectedVersion: current?.version ?? 0, fence: { lease: name, token: lease.token } },
                );
                if (current && current.value.token > lease.token) {
                  violations.push(`token ${lease.token} wrote after token ${current.value.token}`);
                }
              } catch (error) {
                if (!(error instanceof LeaseLostError || error instanceof ConflictError)) throw error;
              }
            }
            // Let the lease lapse now and then so the other contender gets turns.
            if (Math.random() < 0.5) await store.releaseLease(lease);
            else await sleep(70);
          }
        }),
      );
      expect(violations).toEqual([]);
      expect(tokensSeen.size).toBeGreaterThan(2);
    });
  });

  describe('documents are versioned with compare-and-set writes', () => {
    it('CAS on the version, JSON values, listing by prefix', async () => {
      const store = target().store();
      const prefix = `${leaseName()}/`;
      expect(await store.getDocument(`${prefix}a`)).toBeNull();
      expect(await store.putDocument(`${prefix}a`, { x: [1, 'two'] }, { expectedVersion: 0 })).toEqual({
        version: 1,
      });
      expect(await store.putDocument(`${prefix}b`, 'b', { expectedVersion: 0 })).toEqual({ version: 1 });
      const conflict = await store.putDocument(`${prefix}a`, {}, { expectedVersion: 0 }).catch((e) => e);
      expect(conflict).toMatchObject({ code: 'RAMPKIT_CONFLICT', expectedVersion: 0, actualVersion: 1 });
      expect(await store.getDocument(`${prefix}a`)).toEqual({ version: 1, value: { x: [1, 'two'] } });
      expect(await store.listDocuments(prefix)).toEqual([`${prefix}a`, `${prefix}b`]);
    });
  });
}
