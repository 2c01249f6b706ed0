import {
  type ConfigStore,
  type DocumentStore,
  isConflictError,
  type LeaseStore,
  type MetricsStore,
} from '@rampkit/core';
import { RolloutActiveError } from '../errors.js';
import { isTerminal } from '../state/step.js';
import type { HistoryEntry, RolloutState } from '../state/types.js';

/** Every store facet the controller uses: `MemoryStore` and `RedisStore` implement them all. */
export type RolloutStore = ConfigStore & MetricsStore & LeaseStore & DocumentStore;

export type Fence = { lease: string; token: number };

const HISTORY_CHUNK = 100;
/** A flag claim naming a rollout not yet stored is honoured this long (its start may be under way). */
const CLAIM_GRACE_MS = 60_000;

export const keys = {
  state: (id: string) => `rollouts/${id}`,
  statePrefix: 'rollouts/',
  historyPrefix: (id: string) => `rollout-history/${id}/`,
  history: (id: string, chunk: number) => `rollout-history/${id}/${String(chunk).padStart(6, '0')}`,
  flag: (flag: string) => `rollout-flags/${flag}`,
  lease: (id: string) => `rollout/${id}`,
};

export interface StoredState {
  version: number;
  state: RolloutState;
}

export async function loadState(store: DocumentStore, id: string): Promise<StoredState | null> {
  const doc = await store.getDocument<RolloutState>(keys.state(id));
  return doc === null ? null : { version: doc.version, state: doc.value };
}

export async function listRolloutIds(store: DocumentStore): Promise<string[]> {
  const stored = await store.listDocuments(keys.statePrefix);
  return stored.map((key) => key.slice(keys.statePrefix.length));
}

interface FlagClaim {
  rolloutId: string;
  claimedAt: number;
}

/**
 * Claims the flag for rollout `id`: one rollout per flag at a time, so two never fight over its
 * split. Compare-and-set, so of two starts racing for one flag exactly one wins.
 * @throws RolloutActiveError naming the rollout that holds the flag
 */
export async function claimFlag(store: DocumentStore, flag: string, id: string, now: number): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const doc = await store.getDocument<FlagClaim>(keys.flag(flag));
    if (doc !== null && doc.value.rolloutId !== id) {
      const owner = await liveClaimant(store, doc.value, now);
      if (owner !== undefined) {
        throw new RolloutActiveError(
          owner.rolloutId,
          `flag ${flag} is already driven by rollout ${owner.rolloutId} (${owner.status}); finish, abort or roll it back first`,
        );
      }
    }
    try {
      await store.putDocument<FlagClaim>(
        keys.flag(flag),
        { rolloutId: id, claimedAt: now },
        { expectedVersion: doc?.version ?? 0 },
      );
      return;
    } catch (error) {
      if (!isConflictError(error)) throw error;
    }
  }
  throw new RolloutActiveError(id, `flag ${flag}: could not claim it, other starts kept racing for it`);
}

/** The live rollout that owns a flag: its id and status (`starting` while its start is under way). */
export interface FlagOwner {
  rolloutId: string;
  status: RolloutState['status'] | 'starting';
}

/**
 * The rollout that owns the flag now, if any: the one that claimed it, unless it has ended (or its
 * claim is older than its start could take). Whoever changes the flag's definition by hand would
 * fight its ramp (`rampkit flags promote` asks this).
 */
export async function flagOwner(
  store: DocumentStore,
  flag: string,
  now: number,
): Promise<FlagOwner | undefined> {
  const doc = await store.getDocument<FlagClaim>(keys.flag(flag));
  return doc === null ? undefined : liveClaimant(store, doc.value, now);
}

async function liveClaimant(
  store: DocumentStore,
  claim: FlagClaim,
  now: number,
): Promise<FlagOwner | undefined> {
  const holder = await loadState(store, claim.rolloutId);
  if (holder === null) {
    const pending = now - claim.claimedAt < CLAIM_GRACE_MS;
    return pending ? { rolloutId: claim.rolloutId, status: 'starting' } : undefined;
  }
  return isTerminal(holder.state) ? undefined : { rolloutId: claim.rolloutId, status: holder.state.status };
}

/** The rollout that last claimed the flag, if any. */
export async function flagClaimant(store: DocumentStore, flag: string): Promise<string | undefined> {
  return (await store.getDocument<FlagClaim>(keys.flag(flag)))?.value.rolloutId;
}

const FACETS = [
  'loadConfig',
  'writeConfig',
  'readMetrics',
  'readMetricsWindows',
  'acquireLease',
  'renewLease',
  'releaseLease',
  'checkFence',
  'readLease',
  'getDocument',
  'putDocument',
  'listDocuments',
] as const;

/** The store facets a rollout store lacks (a config-only FileStore lacks most). */
export function missingFacets(store: object): string[] {
  return FACETS.filter((name) => typeof (store as Record<string, unknown>)[name] !== 'function');
}

/**
 * Appends entries to the rollout's history documents (chunks of 100 by sequence number). Entries
 * already there are skipped, so a flush interrupted by a crash and done again writes each once.
 */
export async function appendHistory(
  store: DocumentStore,
  id: string,
  entries: readonly HistoryEntry[],
  fence: Fence,
): Promise<void> {
  const byChunk = new Map<number, HistoryEntry[]>();
  for (const entry of entries) {
    const chunk = Math.floor((entry.seq - 1) / HISTORY_CHUNK);
    byChunk.set(chunk, [...(byChunk.get(chunk) ?? []), entry]);
  }
  for (const [chunk, chunkEntries] of [...byChunk].sort(([a], [b]) => a - b)) {
    const key = keys.history(id, chunk);
    for (let attempt = 0; ; attempt++) {
      const doc = await store.getDocument<HistoryEntry[]>(key);
      const stored = doc?.value ?? [];
      const seen = new Set(stored.map((entry) => entry.seq));
      const added = chunkEntries.filter((entry) => !seen.has(entry.seq));
      if (added.length === 0) break;
      const merged = [...stored, ...added].sort((a, b) => a.seq - b.seq);
      try {
        await store.putDocument(key, merged, { expectedVersion: doc?.version ?? 0, fence });
        break;
      } catch (error) {
        if (!isConflictError(error) || attempt >= 3) throw error;
      }
    }
  }
}

/** Every history entry of a rollout, in order, including those not yet flushed from its state. */
export async function readHistory(
  store: DocumentStore,
  id: string,
  state: RolloutState,
): Promise<HistoryEntry[]> {
  const chunks = (await store.listDocuments(keys.historyPrefix(id))).sort();
  const docs = await Promise.all(chunks.map((key) => store.getDocument<HistoryEntry[]>(key)));
  const bySeq = new Map<number, HistoryEntry>();
  for (const doc of docs) for (const entry of doc?.value ?? []) bySeq.set(entry.seq, entry);
  for (const entry of state.outbox) bySeq.set(entry.seq, entry);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}
