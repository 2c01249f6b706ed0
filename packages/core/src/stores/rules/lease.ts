import { RampkitError } from '../../errors/errors.js';
import type { Lease } from '../types.js';

/**
 * What a store keeps to grant leases: the lease per name, and the last fencing token handed out per
 * name (kept after a release, so tokens only grow). Plain data: the memory store holds it as it is,
 * the file state store as JSON.
 */
export interface LeaseTable {
  readonly leases: Readonly<Record<string, Lease>>;
  readonly lastTokens: Readonly<Record<string, number>>;
}

/** A rule's answer: the table to keep from now on, and the lease the caller gets (null: refused). */
export interface LeaseChange {
  table: LeaseTable;
  lease: Lease | null;
}

export function emptyLeaseTable(): LeaseTable {
  return { leases: {}, lastTokens: {} };
}

/** A lease is live while `now < expiresAt`; a copy of it, or null when it is free or expired. */
export function liveLease(table: LeaseTable, name: string, now: number): Lease | null {
  const lease = own(table.leases, name);
  return lease !== undefined && now < lease.expiresAt ? { ...lease } : null;
}

/** True while `token` is the token of the live lease `name`: a fenced write may go ahead. */
export function isFenceCurrent(table: LeaseTable, name: string, token: number, now: number): boolean {
  return liveLease(table, name, now)?.token === token;
}

/**
 * A free or expired lease goes to `holder` with the next token (1 for a name never leased). The
 * holder of a live lease gets it extended with the same token (acquiring is idempotent for it);
 * anyone else is refused.
 * @throws RampkitError RAMPKIT_INVALID_ARGUMENT when `ttlMs` is not a positive number
 */
export function acquireLease(
  table: LeaseTable,
  request: { name: string; holder: string; ttlMs: number },
  now: number,
): LeaseChange {
  const { name, holder, ttlMs } = request;
  assertTtl(ttlMs);
  const current = liveLease(table, name, now);
  if (current !== null && current.holder !== holder) return { table, lease: null };
  const token = current?.token ?? (own(table.lastTokens, name) ?? 0) + 1;
  const lease: Lease = { name, holder, token, expiresAt: now + ttlMs, renewedAt: now };
  return {
    table: { leases: { ...table.leases, [name]: lease }, lastTokens: { ...table.lastTokens, [name]: token } },
    lease: { ...lease },
  };
}

/**
 * Extends a live lease held by the same holder with the same token; anything else (expired, taken
 * over, another holder) is refused, and the caller has lost the lease.
 * @throws RampkitError RAMPKIT_INVALID_ARGUMENT when `ttlMs` is not a positive number
 */
export function renewLease(table: LeaseTable, lease: Lease, ttlMs: number, now: number): LeaseChange {
  assertTtl(ttlMs);
  const current = liveLease(table, lease.name, now);
  if (current === null || current.holder !== lease.holder || current.token !== lease.token) {
    return { table, lease: null };
  }
  const renewed: Lease = { ...current, expiresAt: now + ttlMs, renewedAt: now };
  return {
    table: { leases: { ...table.leases, [lease.name]: renewed }, lastTokens: table.lastTokens },
    lease: { ...renewed },
  };
}

/** Frees the lease when `lease` is still the stored one (same holder and token); else changes nothing. */
export function releaseLease(table: LeaseTable, lease: Lease): LeaseTable {
  const current = own(table.leases, lease.name);
  if (current === undefined || current.token !== lease.token || current.holder !== lease.holder) return table;
  const leases = { ...table.leases };
  delete leases[lease.name];
  return { leases, lastTokens: table.lastTokens };
}

function assertTtl(ttlMs: number): void {
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) {
    throw new RampkitError('RAMPKIT_INVALID_ARGUMENT', `lease ttlMs must be a positive number, got ${ttlMs}`);
  }
}

/** Own properties only: a lease named `constructor` or `__proto__` is just a name. */
function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
