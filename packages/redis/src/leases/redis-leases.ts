import { type Lease, RampkitError } from '@rampkit/core';
import type { Connection } from '../connection/connection.js';
import type { KeySpace } from '../keys.js';
import type { RampkitCommands } from '../scripts/commands.js';

/**
 * Named leases with fencing tokens. Redis keeps the TTL, so expiry does not depend on the clocks of
 * the contenders; `expiresAt` is this process's conservative estimate (measured from before the
 * request was sent). Tokens come from a counter that never expires, so they only grow, and a
 * holder paused past its TTL finds its token refused by `renewLease`, `checkFence` and fenced
 * document writes.
 */
export class RedisLeases {
  readonly #connection: Connection;
  readonly #commands: RampkitCommands;
  readonly #keys: KeySpace;
  readonly #now: () => number;

  constructor(connection: Connection, commands: RampkitCommands, keys: KeySpace, now: () => number) {
    this.#connection = connection;
    this.#commands = commands;
    this.#keys = keys;
    this.#now = now;
  }

  /** @throws StoreUnavailableError, RampkitError `RAMPKIT_INVALID_ARGUMENT` for a bad TTL */
  async acquire(name: string, holder: string, ttlMs: number): Promise<Lease | null> {
    const ttl = checkTtl(ttlMs);
    const sent = this.#now();
    const [acquired, token] = await this.#connection.run(`acquire lease ${name}`, () =>
      this.#commands.rampkitAcquireLease(this.#keys.lease(name), this.#keys.leaseToken(name), holder, ttl),
    );
    return acquired === 1 ? { name, holder, token, expiresAt: sent + ttlMs, renewedAt: sent } : null;
  }

  /** @throws StoreUnavailableError, RampkitError `RAMPKIT_INVALID_ARGUMENT` for a bad TTL */
  async renew(lease: Lease, ttlMs: number): Promise<Lease | null> {
    const ttl = checkTtl(ttlMs);
    const sent = this.#now();
    const renewed = await this.#connection.run(`renew lease ${lease.name}`, () =>
      this.#commands.rampkitRenewLease(this.#keys.lease(lease.name), lease.holder, String(lease.token), ttl),
    );
    return renewed === 1 ? { ...lease, expiresAt: sent + ttlMs, renewedAt: sent } : null;
  }

  /** Frees the lease if `lease` still holds it; a lost lease is left to its new holder. */
  async release(lease: Lease): Promise<void> {
    await this.#connection.run(`release lease ${lease.name}`, () =>
      this.#commands.rampkitReleaseLease(this.#keys.lease(lease.name), lease.holder, String(lease.token)),
    );
  }

  /**
   * The live lease, from its hash and remaining time to live: Redis keeps the clock, so `expiresAt`
   * and `renewedAt` are measured from this process's clock when the reply came, not the holder's.
   */
  async read(name: string): Promise<Lease | null> {
    const key = this.#keys.lease(name);
    const [fields, pttl] = await this.#connection.run(`read lease ${name}`, async (client) => {
      const results = await client.multi().hmget(key, 'holder', 'token', 'ttl').pttl(key).exec();
      const failed = results?.find(([error]) => error !== null);
      if (results === null || results === undefined) throw new Error('the lease read was discarded');
      if (failed?.[0]) throw failed[0];
      return [results[0]![1] as (string | null)[], results[1]![1] as number];
    });
    const [holder, token, ttl] = fields;
    if (holder === null || holder === undefined || token === null || token === undefined || pttl < 0)
      return null;
    const now = this.#now();
    const lease: Lease = { name, holder, token: Number(token), expiresAt: now + pttl };
    if (ttl !== null && ttl !== undefined) lease.renewedAt = now - Math.max(0, Number(ttl) - pttl);
    return lease;
  }

  async checkFence(name: string, token: number): Promise<boolean> {
    const key = this.#keys.lease(name);
    const current = await this.#connection.run(`check fence of lease ${name}`, (client) =>
      client.hget(key, 'token'),
    );
    return current !== null && current === String(token);
  }
}

function checkTtl(ttlMs: number): string {
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) {
    throw new RampkitError('RAMPKIT_INVALID_ARGUMENT', `lease ttlMs must be a positive number, got ${ttlMs}`);
  }
  return String(Math.max(1, Math.ceil(ttlMs)));
}
