import { describe, expect, it } from 'vitest';
import {
  acquireLease,
  emptyLeaseTable,
  isFenceCurrent,
  type LeaseTable,
  liveLease,
  releaseLease,
  renewLease,
} from './lease.js';

function acquire(table: LeaseTable, holder: string, now: number, ttlMs = 1000) {
  return acquireLease(table, { name: 'rollout', holder, ttlMs }, now);
}

describe('a lease is live while now < expiresAt', () => {
  it('is live one millisecond before expiry and free at expiry', () => {
    const { table } = acquire(emptyLeaseTable(), 'a', 0);
    expect(liveLease(table, 'rollout', 999)).toMatchObject({ holder: 'a', expiresAt: 1000, renewedAt: 0 });
    expect(liveLease(table, 'rollout', 1000)).toBeNull();
  });

  it('hands out copies: changing one does not change the table', () => {
    const { table, lease } = acquire(emptyLeaseTable(), 'a', 0);
    lease!.expiresAt = 99_999;
    liveLease(table, 'rollout', 0)!.holder = 'b';
    expect(liveLease(table, 'rollout', 0)).toMatchObject({ holder: 'a', expiresAt: 1000 });
  });
});

describe('one holder at a time, fenced by tokens that only grow', () => {
  it('refuses a second holder while the lease is live, and leaves the table as it was', () => {
    const first = acquire(emptyLeaseTable(), 'a', 0);
    const second = acquire(first.table, 'b', 999);
    expect(second.lease).toBeNull();
    expect(second.table).toBe(first.table);
  });

  it('gives an expired lease to the next holder with the next token; the old token no longer fences', () => {
    const first = acquire(emptyLeaseTable(), 'a', 0);
    const second = acquire(first.table, 'b', 1000);
    expect(second.lease).toMatchObject({ holder: 'b', token: 2 });
    expect(isFenceCurrent(second.table, 'rollout', 1, 1000)).toBe(false);
    expect(isFenceCurrent(second.table, 'rollout', 2, 1000)).toBe(true);
  });

  it('lets the holder acquire again and keep its token, with a new expiry', () => {
    const first = acquire(emptyLeaseTable(), 'a', 0);
    const again = acquire(first.table, 'a', 500);
    expect(again.lease).toMatchObject({ token: 1, expiresAt: 1500, renewedAt: 500 });
  });

  it('never hands a token out twice, even after a release', () => {
    const first = acquire(emptyLeaseTable(), 'a', 0);
    const released = releaseLease(first.table, first.lease!);
    expect(liveLease(released, 'rollout', 1)).toBeNull();
    expect(acquire(released, 'b', 1).lease?.token).toBe(2);
  });

  it('keeps leases of different names apart, including names like __proto__', () => {
    const a = acquireLease(emptyLeaseTable(), { name: '__proto__', holder: 'a', ttlMs: 10 }, 0);
    const b = acquireLease(a.table, { name: 'constructor', holder: 'b', ttlMs: 10 }, 0);
    expect(b.lease?.token).toBe(1);
    expect(liveLease(b.table, '__proto__', 0)).toMatchObject({ holder: 'a', token: 1 });
    expect(liveLease(emptyLeaseTable(), 'toString', 0)).toBeNull();
  });

  it('refuses a ttl that is not a positive number', () => {
    for (const ttlMs of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => acquire(emptyLeaseTable(), 'a', 0, ttlMs)).toThrow(
        /lease ttlMs must be a positive number/,
      );
    }
  });
});

describe('renewal extends only the lease the caller still holds', () => {
  it('extends a live lease with the same holder and token', () => {
    const { table, lease } = acquire(emptyLeaseTable(), 'a', 0);
    expect(renewLease(table, lease!, 1000, 800).lease).toMatchObject({
      token: 1,
      expiresAt: 1800,
      renewedAt: 800,
    });
  });

  it('refuses an expired lease, another holder, and an old token', () => {
    const first = acquire(emptyLeaseTable(), 'a', 0);
    expect(renewLease(first.table, first.lease!, 1000, 1000).lease).toBeNull();
    expect(renewLease(first.table, { ...first.lease!, holder: 'b' }, 1000, 10).lease).toBeNull();
    const second = acquire(first.table, 'b', 1000);
    expect(renewLease(second.table, { ...first.lease!, holder: 'b' }, 1000, 1000).lease).toBeNull();
  });
});

describe('release frees only the caller’s own lease', () => {
  it('ignores a release with another token or holder', () => {
    const { table, lease } = acquire(emptyLeaseTable(), 'a', 0);
    expect(releaseLease(table, { ...lease!, token: 2 })).toBe(table);
    expect(releaseLease(table, { ...lease!, holder: 'b' })).toBe(table);
  });
});
