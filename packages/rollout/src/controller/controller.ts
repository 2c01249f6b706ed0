import { isConflictError, RampkitError } from '@rampkit/core';
import { toError } from '@rampkit/core/internal';
import { EventEmitter } from 'eventemitter3';
import { InvalidPlanError, InvalidTransitionError, RolloutNotFoundError } from '../errors.js';
import { Issues } from '../plan/issues.js';
import type { FreezeSpec, HealthCheckFunction, NotificationSpec, PlanInput } from '../plan/types.js';
import { checkFreezes, checkNotifications } from '../plan/validate-gates.js';
import { estimateTimeline } from '../state/clock.js';
import { applyCommand, type Command } from '../state/commands.js';
import { isTerminal } from '../state/step.js';
import type { HistoryEntry, RolloutState } from '../state/types.js';
import type { RolloutEvents } from './events.js';
import type { ForceOptions, ReasonOptions, RolloutControllerOptions, StartOptions } from './options.js';
import {
  claimFlag,
  flagClaimant,
  keys,
  listRolloutIds,
  loadState,
  missingFacets,
  readHistory,
} from './persistence.js';
import { type RunnerContext, settledAndFlushed, tickRollout } from './runner.js';
import { type Scheduler, systemScheduler } from './scheduler.js';
import { storeNewRollout } from './start.js';
import { type RolloutStatus, statusOf } from './status.js';

const MAX_COMMAND_CONFLICTS = 10;

/**
 * Creates a controller over a store. With `drive` (the default) it moves every rollout in the store
 * whose lease it can take, or only those a `drive` function accepts; any controller (or a CLI with
 * `drive: false`) can start rollouts and issue commands, which take effect at the lease holder's
 * next tick.
 */
export function createRolloutController(options: RolloutControllerOptions): RolloutController {
  return new RolloutController(options);
}

export class RolloutController extends EventEmitter<RolloutEvents> {
  readonly #options: RolloutControllerOptions;
  readonly #now: () => number;
  readonly #scheduler: Scheduler;
  readonly #drive: boolean;
  readonly #drives: (rolloutId: string) => boolean;
  /** Which rollouts a pass looks at: all of them, unless `drive` chose some. */
  readonly #passes: (rolloutId: string) => boolean;
  readonly #pollMs: number;
  readonly #checks: Map<string, HealthCheckFunction>;
  readonly #freezes: FreezeSpec[];
  readonly #ctx: RunnerContext;
  #pass: Promise<void> = Promise.resolve();
  #cancelTimer: (() => void) | undefined;
  #waiters = 0;
  #closed = false;

  /**
   * @throws InvalidPlanError when `freezes`, `notifications`, `reportUrl` or a duration option is invalid
   * @throws RampkitError (`RAMPKIT_INVALID_ARGUMENT`) when the store lacks a facet the controller needs
   */
  constructor(options: RolloutControllerOptions) {
    super();
    const missing = missingFacets(options.store);
    if (missing.length > 0) {
      throw new RampkitError(
        'RAMPKIT_INVALID_ARGUMENT',
        `the rollout controller needs a store with config, metrics, leases and documents (MemoryStore, RedisStore); this one lacks ${missing.join(', ')}`,
      );
    }
    this.#options = options;
    this.#now = options.now ?? Date.now;
    // A clock given for tests has no monotonic partner unless one is given too: it is then both.
    const monotonic =
      options.monotonic ?? (options.now === undefined ? () => performance.now() : options.now);
    this.#scheduler = options.scheduler ?? systemScheduler;
    const drive = options.drive ?? true;
    this.#drive = drive !== false;
    this.#drives = typeof drive === 'function' ? drive : () => drive;
    this.#passes = typeof drive === 'function' ? drive : () => true;
    const issues = new Issues();
    this.#pollMs = issues.duration(options.pollInterval ?? '5s', 'pollInterval', { positive: true }) ?? 5000;
    const leaseTtlMs = issues.duration(options.leaseTtl ?? '30s', 'leaseTtl', { positive: true }) ?? 30_000;
    this.#freezes = checkFreezes(options.freezes, 'freezes', issues);
    const notifications: NotificationSpec[] = checkNotifications(options.notifications, issues);
    const reportUrl =
      options.reportUrl === undefined ? undefined : issues.url(options.reportUrl, 'reportUrl');
    if (issues.list.length > 0) throw new InvalidPlanError(issues.list, 'controller options');
    this.#checks = new Map(Object.entries(options.healthChecks ?? {}));
    this.#ctx = {
      store: options.store,
      now: this.#now,
      clock: () => ({ wall: this.#now(), monotonic: monotonic() }),
      marks: new Map(),
      pendingSteps: new Map(),
      sleep: (ms) => this.#scheduler.sleep(ms),
      fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
      holder: options.instanceId ?? `rollout-controller-${globalThis.crypto.randomUUID()}`,
      leaseTtlMs,
      leases: new Map(),
      healthChecks: this.#checks,
      freezes: this.#freezes,
      notifications,
      reportUrl,
      recorded: (entry) => this.#emitEntry(entry),
      failed: (error, rolloutId) => this.emit('error', error, rolloutId),
      leaseChanged: (change) => this.emit('lease', change),
    };
    if (this.#drive) this.#schedule(0);
  }

  /**
   * Starts a rollout. Before anything changes it checks the plan, that the flag exists with both
   * arms as variations, that no other rollout drives the flag, and that no change freeze is in force.
   * @throws InvalidPlanError for an invalid plan or one that does not fit the flag
   * @throws FrozenError inside a change freeze unless `force`
   * @throws RolloutActiveError when another rollout drives the flag, or the id is taken
   */
  async start(plan: PlanInput, options: StartOptions = {}): Promise<RolloutStatus> {
    const state = await storeNewRollout(plan, {
      store: this.#options.store,
      now: this.#now(),
      checks: this.#checks,
      freezes: this.#freezes,
      force: options.force === true,
      by: options.by ?? 'operator',
    });
    for (const entry of state.outbox) this.#emitEntry(entry);
    if (this.#drives(state.id)) await this.#kick(state.id);
    return this.status(state.id);
  }

  /** Names this controller in the leases it holds (`instanceId`). */
  get instanceId(): string {
    return this.#ctx.holder;
  }

  /** The rollouts this controller drives now: those whose lease it holds. */
  driving(): string[] {
    return [...this.#ctx.leases.keys()].sort();
  }

  /** Where the rollout is, why, and who drives it. @throws RolloutNotFoundError */
  async status(id: string): Promise<RolloutStatus> {
    const state = await this.#load(id);
    return statusOf(state, await this.#options.store.readLease(keys.lease(id)));
  }

  /** Every rollout in the store, oldest first. */
  async list(): Promise<RolloutStatus[]> {
    const store = this.#options.store;
    const ids = await listRolloutIds(store);
    const statuses = await Promise.all(
      ids.map(async (id) => {
        const stored = await loadState(store, id);
        return stored === null ? null : statusOf(stored.state, await store.readLease(keys.lease(id)));
      }),
    );
    return statuses
      .filter((status) => status !== null)
      .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
  }

  /** Every transition, verdict and gate evaluation of a rollout, in order, for reports. @throws RolloutNotFoundError */
  async history(id: string): Promise<HistoryEntry[]> {
    return readHistory(this.#options.store, id, await this.#load(id));
  }

  /** Stops progress; analysis goes on, and a failing canary is still rolled back. */
  pause(id: string, options: ReasonOptions = {}): Promise<RolloutStatus> {
    return this.#command(id, { type: 'pause' }, options);
  }

  resume(id: string, options: ReasonOptions = {}): Promise<RolloutStatus> {
    return this.#command(id, { type: 'resume' }, options);
  }

  /** Ends the current step now (hold, analysis and approval waived); gates still guard the next weight. @throws FrozenError */
  promote(id: string, options: ForceOptions = {}): Promise<RolloutStatus> {
    return this.#command(id, withForce({ type: 'promote' }, options), options);
  }

  /** Goes straight to 100% (gates still run), without further holds or analysis. @throws FrozenError */
  promoteFull(id: string, options: ForceOptions = {}): Promise<RolloutStatus> {
    return this.#command(id, withForce({ type: 'promoteFull' }, options), options);
  }

  /** Leaves the next step out of the path (the one being entered, if the rollout is waiting to enter one). */
  skipStep(id: string, options: ReasonOptions = {}): Promise<RolloutStatus> {
    return this.#command(id, { type: 'skipStep' }, options);
  }

  /** Lets a step that waits for approval move on (or approves it ahead of its hold's end). */
  approve(id: string, options: ReasonOptions = {}): Promise<RolloutStatus> {
    return this.#command(id, { type: 'approve' }, options);
  }

  /** Ends the rollout with stable serving everyone; it can be retried. */
  abort(id: string, options: ReasonOptions = {}): Promise<RolloutStatus> {
    return this.#command(id, { type: 'abort' }, options, true);
  }

  /**
   * Stable at 100% at once, skipping analysis; also undoes a promoted rollout, unless a newer
   * rollout has since claimed the flag (that one must be rolled back instead).
   * @throws InvalidTransitionError
   */
  async rollback(id: string, options: ReasonOptions = {}): Promise<RolloutStatus> {
    const state = await this.#load(id);
    const claimant =
      state.status === 'promoted' ? await flagClaimant(this.#options.store, state.plan.flag) : id;
    if (claimant !== id) {
      throw new InvalidTransitionError(
        id,
        `flag ${state.plan.flag} is now driven by rollout ${claimant}; roll that one back`,
      );
    }
    return this.#command(id, { type: 'rollback' }, options, true);
  }

  /** Starts a rolled-back or aborted rollout again from its first step. @throws FrozenError, RolloutActiveError */
  async retry(id: string, options: ForceOptions = {}): Promise<RolloutStatus> {
    const state = await this.#load(id);
    if (state.status === 'rolledBack' || state.status === 'aborted') {
      await claimFlag(this.#options.store, state.plan.flag, id, this.#now());
    }
    return this.#command(id, withForce({ type: 'retry' }, options), options);
  }

  /**
   * One pass over every rollout in the store: the runner's unit of work. The timer calls it each
   * `pollInterval`; tests and simulations call it after moving a fake clock.
   */
  tick(): Promise<void> {
    const run = this.#pass.then(() => this.#runPass());
    this.#pass = run.catch(() => undefined);
    return run;
  }

  /**
   * Resolves with the final status once the rollout is promoted, rolled back or aborted and its
   * final split is written (a rollout ends in its state a moment before the flag follows).
   */
  async waitFor(id: string): Promise<RolloutStatus> {
    this.#waiters += 1;
    try {
      for (;;) {
        const status = await this.status(id);
        const ended =
          status.status === 'promoted' || status.status === 'rolledBack' || status.status === 'aborted';
        if (ended && status.weight === status.targetWeight) return status;
        await new Promise<void>((resolve) =>
          this.#scheduler.setTimer(resolve, this.#pollMs, { keepAlive: true }),
        );
      }
    } finally {
      this.#waiters -= 1;
    }
  }

  /** Stops the timer and hands every lease back, so another controller takes over at once. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#cancelTimer?.();
    this.#cancelTimer = undefined;
    await this.#pass;
    const leases = [...this.#ctx.leases.entries()];
    this.#ctx.leases.clear();
    await Promise.all(
      leases.map(async ([rolloutId, lease]) => {
        await this.#options.store.releaseLease(lease);
        this.emit('lease', { change: 'released', rolloutId, lease });
      }),
    );
  }

  async #runPass(): Promise<void> {
    if (this.#closed) return;
    const store = this.#options.store;
    const ids = (await listRolloutIds(store)).filter((id) => this.#passes(id));
    let live = 0;
    await Promise.all(
      ids.map(async (id) => {
        const stored = await loadState(store, id);
        if (stored === null || (isTerminal(stored.state) && settledAndFlushed(stored.state))) return;
        live += 1;
        await tickRollout(this.#ctx, id);
      }),
    );
    this.emit('pass', { at: this.#now(), live, driving: this.driving() });
  }

  #schedule(ms: number): void {
    if (this.#closed) return;
    this.#cancelTimer = this.#scheduler.setTimer(
      () => {
        this.#cancelTimer = undefined;
        this.tick()
          .catch((error: unknown) => this.emit('error', toError(error), ''))
          .finally(() => this.#schedule(this.#pollMs));
      },
      ms,
      { keepAlive: this.#waiters > 0 },
    );
  }

  /** Ticks one rollout now; a controller that does not drive hands the lease straight back. */
  async #kick(id: string): Promise<void> {
    const run = this.#pass.then(async () => {
      if (this.#closed) return;
      await tickRollout(this.#ctx, id);
      if (!this.#drives(id)) {
        const lease = this.#ctx.leases.get(id);
        this.#ctx.leases.delete(id);
        if (lease !== undefined) {
          await this.#options.store.releaseLease(lease);
          this.emit('lease', { change: 'released', rolloutId: id, lease });
        }
      }
    });
    this.#pass = run.catch(() => undefined);
    await run;
  }

  async #command(
    id: string,
    given: Command,
    options: ReasonOptions,
    applyNow = false,
  ): Promise<RolloutStatus> {
    const command: Command = options.reason === undefined ? given : { ...given, reason: options.reason };
    const context = { by: options.by ?? 'operator', freezes: this.#freezes };
    for (let attempt = 1; attempt <= MAX_COMMAND_CONFLICTS; attempt++) {
      const stored = await loadState(this.#options.store, id);
      if (stored === null) throw new RolloutNotFoundError(id);
      const wall = this.#now();
      const now = estimateTimeline(stored.state, wall);
      const decision = applyCommand(stored.state, command, now, { ...context, wall });
      if (!decision.changed) break;
      try {
        // Compare-and-set without a fence: any process may issue a command; the lease holder
        // re-reads on its next write and carries it out.
        await this.#options.store.putDocument(keys.state(id), decision.state, {
          expectedVersion: stored.version,
        });
        for (const action of decision.actions) if (action.type === 'record') this.#emitEntry(action.entry);
        break;
      } catch (error) {
        if (!isConflictError(error) || attempt === MAX_COMMAND_CONFLICTS) throw error;
      }
    }
    if (this.#drives(id) || applyNow) await this.#kick(id);
    return this.status(id);
  }

  async #load(id: string): Promise<RolloutState> {
    const stored = await loadState(this.#options.store, id);
    if (stored === null) throw new RolloutNotFoundError(id);
    return stored.state;
  }

  #emitEntry(entry: HistoryEntry): void {
    if (entry.kind === 'transition') this.emit('transition', entry);
    else if (entry.kind === 'verdict') this.emit('verdict', entry);
    else this.emit('gate', entry);
  }
}

function withForce<T extends Command & { force?: boolean }>(command: T, options: ForceOptions): T {
  return options.force === undefined ? command : { ...command, force: options.force };
}
