import { RampkitError } from '../../errors/errors.js';
import type { Lease } from '../types.js';

/**
 * Named leases with fencing tokens, for one process. A lease is live while `now < expiresAt`.
 * Tokens are per name, start at 1 and increase on every new acquisition, released or not, so a
 * token is never handed out twice and a stale holder's writes can always be told apart.
 */
export class LeaseTable {
  readonly #now: () => number;
  readonly #leases = new Map<string, Lease>();
  readonly #lastToken = new Map<string, number>();

  constructor(now: () => number) {
    this.#now = now;
  }

  /**
   * A holder that still holds the lease gets it extended with the same token (acquiring is
   * idempotent for the holder); anyone taking a free or expired lease gets a new token.
   */
  acquire(name: string, holder: string, ttlMs: number): Lease | null {
    assertTtl(ttlMs);
    const now = this.#now();
    const current = this.#live(name, now);
    if (current && current.holder !== holder) return null;
    const token = current ? current.token : (this.#lastToken.get(name) ?? 0) + 1;
    this.#lastToken.set(name, token);
    return this.#store({ name, holder, token, expiresAt: now + ttlMs, renewedAt: now });
  }

  renew(lease: Lease, ttlMs: number): Lease | null {
    assertTtl(ttlMs);
    const now = this.#now();
    const current = this.#live(lease.name, now);
    if (!current || current.holder !== lease.holder || current.token !== lease.token) return null;
    return this.#store({ ...current, expiresAt: now + ttlMs, renewedAt: now });
  }

  release(lease: Lease): void {
    const current = this.#leases.get(lease.name);
    if (current && current.token === lease.token && current.holder === lease.holder) {
      this.#leases.delete(lease.name);
    }
  }

  /** A copy of the live lease, or null when it is free or expired. */
  read(name: string): Lease | null {
    const lease = this.#live(name, this.#now());
    return lease ? { ...lease } : null;
  }

  isCurrent(name: string, token: number): boolean {
    return this.#live(name, this.#now())?.token === token;
  }

  #live(name: string, now: number): Lease | undefined {
    const lease = this.#leases.get(name);
    return lease && now < lease.expiresAt ? lease : undefined;
  }

  #store(lease: Lease): Lease {
    this.#leases.set(lease.name, lease);
    return { ...lease };
  }
}

function assertTtl(ttlMs: number): void {
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) {
    throw new RampkitError('RAMPKIT_INVALID_ARGUMENT', `lease ttlMs must be a positive number, got ${ttlMs}`);
  }
}
