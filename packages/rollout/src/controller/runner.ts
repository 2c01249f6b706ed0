import { type AuditInfo, isConflictError, isLeaseLostError, type Lease, LeaseLostError } from '@rampkit/core';
import { errorMessage, toError } from '@rampkit/core/internal';
import type { Fetch } from '../gates/http.js';
import { runGates } from '../gates/run-gates.js';
import { sendNotifications } from '../notify/send.js';
import type { FreezeSpec, HealthCheckFunction, NotificationSpec } from '../plan/types.js';
import { isMetricsSourceError } from '../sources/errors.js';
import {
  type ClockReading,
  readTimeline,
  storedClock,
  type TimelineMark,
  type TimelineNow,
} from '../state/clock.js';
import { decide, noteClockStep, type Observation } from '../state/decide.js';
import type { Decision } from '../state/draft.js';
import { markApplied, markFlushed, markTrafficFault } from '../state/lifecycle.js';
import { needs } from '../state/needs.js';
import { isTerminal } from '../state/step.js';
import type { HistoryEntry, RolloutState } from '../state/types.js';
import type { LeaseChange } from './events.js';
import { readObservedMetrics } from './metrics.js';
import { appendHistory, type Fence, keys, loadState, type RolloutStore } from './persistence.js';
import { metricsSourceOf, NO_METRICS } from './source.js';
import { writeWeight } from './traffic.js';

export interface RunnerContext {
  store: RolloutStore;
  /** The wall clock (epoch milliseconds). */
  now: () => number;
  /** Both clocks at once: the rollouts' timelines move with the monotonic one (state/clock.ts). */
  clock: () => ClockReading;
  /** This controller's last reading of each rollout's time, kept while it holds the lease. */
  marks: Map<string, TimelineMark>;
  /** Wall-clock steps seen by a reading and not yet recorded in the rollout, by rollout id. */
  pendingSteps: Map<string, number>;
  sleep: (ms: number) => Promise<void>;
  fetch: Fetch;
  holder: string;
  leaseTtlMs: number;
  /** Leases this controller holds, by rollout id. */
  leases: Map<string, Lease>;
  healthChecks: ReadonlyMap<string, HealthCheckFunction>;
  freezes: readonly FreezeSpec[];
  notifications: readonly NotificationSpec[];
  /** Base URL of rollout reports, linked from notifications. */
  reportUrl?: string | undefined;
  /** Persisted history entries, to emit as events. */
  recorded: (entry: HistoryEntry) => void;
  failed: (error: Error, rolloutId: string) => void;
  /** This controller took, lost or handed back a rollout's lease. */
  leaseChanged: (change: LeaseChange) => void;
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
  const held = await holdLease(ctx, id);
  if (held === null) return;
  const { lease } = held;
  // A lease taken afresh: someone else may have driven the rollout since this controller last did.
  if (held.fresh) ctx.marks.delete(id);
  const fence: Fence = { lease: lease.name, token: lease.token };
  try {
    let stored = await loadState(ctx.store, id);
    for (let round = 0; stored !== null && round < MAX_ROUNDS; round++) {
      const time = timeOf(ctx, stored.state);
      const next = await advance(ctx, stored.state, fence, time);
      if (next === null) break;
      next.state.clock = { wall: time.wall, timeline: time.timeline };
      next.state.drivenBy = { holder: ctx.holder, at: time.wall };
      try {
        const { version } = await ctx.store.putDocument(keys.state(id), next.state, {
          expectedVersion: stored.version,
          fence,
        });
        for (const action of next.actions) if (action.type === 'record') ctx.recorded(action.entry);
        if (next.noted) ctx.pendingSteps.delete(id);
        stored = { version, state: next.state };
      } catch (error) {
        if (!isConflictError(error)) throw error;
        stored = await loadState(ctx.store, id);
      }
    }
    if (stored === null || (isTerminal(stored.state) && settledAndFlushed(stored.state)))
      await letGo(ctx, id);
  } catch (error) {
    if (isLeaseLostError(error)) {
      const lost = ctx.leases.get(id);
      ctx.leases.delete(id);
      ctx.marks.delete(id);
      if (lost !== undefined) ctx.leaseChanged({ change: 'lost', rolloutId: id, lease: lost });
    }
    ctx.failed(toError(error), id);
  }
}

/**
 * The rollout's time now (state/clock.ts), remembered for the next reading; a wall-clock step it
 * reveals waits in `pendingSteps` until the rollout has recorded it.
 */
function timeOf(ctx: RunnerContext, state: RolloutState): TimelineNow {
  const reading = ctx.clock();
  const time = readTimeline(storedClock(state), ctx.marks.get(state.id), reading);
  ctx.marks.set(state.id, { ...reading, timeline: time.timeline });
  if (time.step !== 0) ctx.pendingSteps.set(state.id, (ctx.pendingSteps.get(state.id) ?? 0) + time.step);
  return time;
}

/** The next persisted change of this tick, or null when there is nothing more to do now. */
async function advance(
  ctx: RunnerContext,
  state: RolloutState,
  fence: Fence,
  time: TimelineNow,
): Promise<(Decision & { noted?: boolean }) | null> {
  const { timeline: now, wall } = time;
  const step = ctx.pendingSteps.get(state.id);
  if (step !== undefined) return { ...noteClockStep(state, step, now, wall), noted: true };
  if (state.appliedWeight !== state.weight) {
    let auditId: string | undefined;
    try {
      auditId = await writeWeight(
        ctx.store,
        state.plan,
        state.weight,
        () => assertFence(ctx, fence),
        weightAudit(ctx.holder, state),
      );
    } catch (error) {
      if (isLeaseLostError(error)) throw error;
      ctx.failed(toError(error), state.id);
      const fault = markTrafficFault(state, errorMessage(error), now);
      return fault.changed ? fault : null;
    }
    return markApplied(state, state.weight, now, wall, auditId);
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
    return markFlushed(state, state.outbox.at(-1)?.seq ?? 0, now);
  }
  if (isTerminal(state)) return null;
  const wanted = needs(state, now, ctx.freezes, wall);
  const observation: Observation = { freezes: ctx.freezes };
  if (wanted.metrics !== undefined) observation.metrics = await observeMetrics(ctx, state, wanted.metrics);
  if (wanted.gates !== undefined) {
    observation.gates = {
      target: wanted.gates.target,
      results: await runGates(state, wanted.gates.target, ctx),
    };
  }
  // Gates may take seconds (webhooks with retries): decide at the time they answered.
  const after = wanted.gates === undefined ? time : timeOf(ctx, state);
  const decision = decide(state, observation, after.timeline, after.wall);
  return decision.changed ? decision : null;
}

/**
 * The evidence `needs` asked for. When the plan's metrics source fails (Prometheus down, a query
 * refused), the error is reported and the tick is judged on no data: inconclusive, so the no-data
 * deadline applies; a blue-green baseline is not read from nothing, the tick waits instead.
 */
async function observeMetrics(
  ctx: RunnerContext,
  state: RolloutState,
  wanted: NonNullable<ReturnType<typeof needs>['metrics']>,
): Promise<NonNullable<Observation['metrics']>> {
  const source = metricsSourceOf(state.plan, ctx.store, ctx.fetch);
  try {
    return await readObservedMetrics(ctx.store, state, wanted, source);
  } catch (error) {
    if (!isMetricsSourceError(error) || wanted.baseline !== undefined) throw error;
    ctx.failed(error, state.id);
    return readObservedMetrics(ctx.store, state, wanted, NO_METRICS);
  }
}

/** The rollout's lease, renewed or taken; `fresh` when this controller did not hold it until now. */
async function holdLease(ctx: RunnerContext, id: string): Promise<{ lease: Lease; fresh: boolean } | null> {
  const held = ctx.leases.get(id);
  if (held !== undefined) {
    const renewed = await ctx.store.renewLease(held, ctx.leaseTtlMs);
    if (renewed !== null) {
      ctx.leases.set(id, renewed);
      return { lease: renewed, fresh: false };
    }
    ctx.leases.delete(id);
    ctx.leaseChanged({ change: 'lost', rolloutId: id, lease: held });
  }
  const acquired = await ctx.store.acquireLease(keys.lease(id), ctx.holder, ctx.leaseTtlMs);
  if (acquired === null) return null;
  ctx.leases.set(id, acquired);
  ctx.leaseChanged({ change: 'acquired', rolloutId: id, lease: acquired });
  return { lease: acquired, fresh: true };
}

async function letGo(ctx: RunnerContext, id: string): Promise<void> {
  const lease = ctx.leases.get(id);
  ctx.leases.delete(id);
  ctx.marks.delete(id);
  ctx.pendingSteps.delete(id);
  if (lease === undefined) return;
  await ctx.store.releaseLease(lease);
  ctx.leaseChanged({ change: 'released', rolloutId: id, lease });
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

/**
 * What a weight write is, for the store's audit log: who asked for it (the operator whose command
 * asked for this weight, else the controller), the move, and why.
 */
function weightAudit(holder: string, state: RolloutState): AuditInfo {
  const controller = holder || 'rampkit-rollout';
  const asked = state.askedBy;
  if (asked !== undefined && asked.weight === state.weight) {
    return {
      actor: asked.by,
      action: COMMAND_ACTIONS[asked.command] ?? 'rollout.step',
      reason: `${state.id}: ${asked.reason} (written by ${controller})`,
    };
  }
  const transition = [...state.outbox].reverse().find((entry) => entry.kind === 'transition');
  const type = transition?.kind === 'transition' ? transition.type : undefined;
  const action = ACTIONS[type ?? state.status] ?? 'rollout.step';
  return { actor: controller, action, reason: `${state.id}: ${state.reason}` };
}

/** The audit action of a weight write an operator's command asked for. */
const COMMAND_ACTIONS: Record<string, string> = {
  promote: 'rollout.promote',
  promoteFull: 'rollout.promote',
  skipStep: 'rollout.skip-step',
  approve: 'rollout.approve',
  abort: 'rollout.abort',
  rollback: 'rollout.rollback',
  retry: 'rollout.retry',
};

const ACTIONS: Record<string, string> = {
  promoted: 'rollout.promote',
  rolledBack: 'rollout.rollback',
  aborted: 'rollout.abort',
  retried: 'rollout.retry',
};
