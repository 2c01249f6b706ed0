import { isConflictError, type Lease, LeaseLostError } from '@rampkit/core';
import type { Fetch } from '../gates/http.js';
import { runGates } from '../gates/run-gates.js';
import { sendNotifications } from '../notify/notify.js';
import type { FreezeSpec, HealthCheckFunction, NotificationSpec } from '../plan/types.js';
import { decide, type Observation } from '../state/decide.js';
import { type Decision, isTerminal } from '../state/draft.js';
import { markApplied, markFlushed, markTrafficFault } from '../state/lifecycle.js';
import { needs } from '../state/needs.js';
import type { HistoryEntry, RolloutState } from '../state/types.js';
import { readObservedMetrics } from './metrics.js';
import { appendHistory, type Fence, keys, loadState, type RolloutStore } from './persistence.js';
import { writeWeight } from './traffic.js';

export interface RunnerContext {
  store: RolloutStore;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  fetch: Fetch;
  holder: string;
  leaseTtlMs: number;
  /** Leases this controller holds, by rollout id. */
  leases: Map<string, Lease>;
  healthChecks: ReadonlyMap<string, HealthCheckFunction>;
  freezes: readonly FreezeSpec[];
  notifications: readonly NotificationSpec[];
  /** Persisted history entries, to emit as events. */
  recorded: (entry: HistoryEntry) => void;
  failed: (error: Error, rolloutId: string) => void;
}

/** A tick makes at most this many persisted changes (apply, flush, decide, …) before yielding. */
const MAX_ROUNDS = 25;

/**
 * One tick of one rollout, under its lease:
 * 1. take or renew the lease; without it, do nothing (another controller drives this rollout);
 * 2. bring the flag's split to the weight the state wants, then record that it is in force;
 * 3. flush the outbox: history documents, then notifications;
 * 4. gather what `needs` asks (metrics, gates), `decide`, persist (fenced compare-and-set);
 * and again from 2 until nothing changes, so a rollback decided in this tick is written in it.
 * Every step re-reads after a conflict and stops at once when the lease is lost.
 */
export async function tickRollout(ctx: RunnerContext, id: string): Promise<void> {
  const lease = await holdLease(ctx, id);
  if (lease === null) return;
  const fence: Fence = { lease: lease.name, token: lease.token };
  try {
    let stored = await loadState(ctx.store, id);
    for (let round = 0; stored !== null && round < MAX_ROUNDS; round++) {
      const next = await advance(ctx, stored.state, fence);
      if (next === null) break;
      try {
        const { version } = await ctx.store.putDocument(keys.state(id), next.state, {
          expectedVersion: stored.version,
          fence,
        });
        for (const action of next.actions) if (action.type === 'record') ctx.recorded(action.entry);
        stored = { version, state: next.state };
      } catch (error) {
        if (!isConflictError(error)) throw error;
        stored = await loadState(ctx.store, id);
      }
    }
    if (stored === null || (isTerminal(stored.state) && settledAndFlushed(stored.state)))
      await letGo(ctx, id);
  } catch (error) {
    if (error instanceof LeaseLostError || (error as { code?: string }).code === 'RAMPKIT_LEASE_LOST') {
      ctx.leases.delete(id);
    }
    ctx.failed(error as Error, id);
  }
}

/** The next persisted change of this tick, or null when there is nothing more to do now. */
async function advance(ctx: RunnerContext, state: RolloutState, fence: Fence): Promise<Decision | null> {
  if (state.appliedWeight !== state.weight) {
    try {
      await writeWeight(ctx.store, state.plan, state.weight, () => assertFence(ctx, fence));
    } catch (error) {
      if ((error as { code?: string }).code === 'RAMPKIT_LEASE_LOST') throw error;
      ctx.failed(error as Error, state.id);
      const fault = markTrafficFault(state, (error as Error).message, ctx.now());
      return fault.changed ? fault : null;
    }
    return markApplied(state, state.weight, ctx.now());
  }
  if (state.outbox.length > 0) {
    await appendHistory(ctx.store, state.id, state.outbox, fence);
    const failures = await sendNotifications(state.outbox, state, ctx.notifications, ctx);
    for (const failure of failures) {
      ctx.failed(
        new Error(`notification to ${failure.url} about ${failure.entry.type} failed: ${failure.detail}`),
        state.id,
      );
    }
    return markFlushed(state, state.outbox.at(-1)?.seq ?? 0, ctx.now());
  }
  if (isTerminal(state)) return null;
  const wanted = needs(state, ctx.now(), ctx.freezes);
  const observation: Observation = { freezes: ctx.freezes };
  if (wanted.metrics !== undefined)
    observation.metrics = await readObservedMetrics(ctx.store, state, wanted.metrics);
  if (wanted.gates !== undefined) {
    observation.gates = {
      target: wanted.gates.target,
      results: await runGates(state, wanted.gates.target, ctx),
    };
  }
  const decision = decide(state, observation, ctx.now());
  return decision.changed ? decision : null;
}

async function holdLease(ctx: RunnerContext, id: string): Promise<Lease | null> {
  const held = ctx.leases.get(id);
  if (held !== undefined) {
    const renewed = await ctx.store.renewLease(held, ctx.leaseTtlMs);
    if (renewed !== null) {
      ctx.leases.set(id, renewed);
      return renewed;
    }
    ctx.leases.delete(id);
  }
  const acquired = await ctx.store.acquireLease(keys.lease(id), ctx.holder, ctx.leaseTtlMs);
  if (acquired !== null) ctx.leases.set(id, acquired);
  return acquired;
}

async function letGo(ctx: RunnerContext, id: string): Promise<void> {
  const lease = ctx.leases.get(id);
  ctx.leases.delete(id);
  if (lease !== undefined) await ctx.store.releaseLease(lease);
}

async function assertFence(ctx: RunnerContext, fence: Fence): Promise<void> {
  if (!(await ctx.store.checkFence(fence.lease, fence.token))) {
    throw new LeaseLostError(
      `lease ${fence.lease} token ${fence.token} is no longer current; the split was not written`,
    );
  }
}

export function settledAndFlushed(state: RolloutState): boolean {
  return state.appliedWeight === state.weight && state.outbox.length === 0;
}
