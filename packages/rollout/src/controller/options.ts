import type { Duration } from '../duration.js';
import type { Fetch } from '../gates/http.js';
import type { FreezeInput, HealthCheckFunction, NotificationInput } from '../plan/types.js';
import type { RolloutStore } from './persistence.js';
import type { Scheduler } from './scheduler.js';

export interface RolloutControllerOptions {
  /** Where flags, metrics, leases and rollout state live (`MemoryStore`, `RedisStore`). */
  store: RolloutStore;
  /** The wall clock. @default Date.now */
  now?: () => number;
  /**
   * A clock that never steps, in milliseconds from any origin: holds and analysis intervals follow
   * it while this controller drives a rollout, so a wall clock stepped by NTP or by hand neither
   * stalls analysis nor ends a hold early. @default performance.now, or `now` when `now` is given
   */
  monotonic?: () => number;
  /** Timers and sleeps. @default setTimeout, unref'd */
  scheduler?: Scheduler;
  /**
   * Drive rollouts: look at every rollout in the store each `pollInterval`, take the lease of those
   * no other controller holds, and move them on. Off for a controller that only issues commands
   * (a CLI); rollbacks and aborts are still applied at once when no other controller holds the lease.
   * A function drives only the rollouts it accepts (`rampkit rollout run` drives its own rollout and
   * leaves the others in the store to their controllers); it is asked on every pass.
   * @default true
   */
  drive?: boolean | ((rolloutId: string) => boolean);
  /** How often rollouts are looked at: deadlines, commands, due analyses. @default '5s' */
  pollInterval?: Duration;
  /** A lease not renewed for this long passes to another controller. @default '30s' */
  leaseTtl?: Duration;
  /** Names this controller in leases. @default a random id */
  instanceId?: string;
  /** Health-check functions plans refer to by name (`{ name: 'db' }`). @default {} */
  healthChecks?: Record<string, HealthCheckFunction>;
  /** Change freezes for every rollout, on top of each plan's. @default [] */
  freezes?: FreezeInput[];
  /** Webhooks told of every rollout's transitions, on top of each plan's. @default [] */
  notifications?: NotificationInput[];
  /**
   * Base URL where rollout reports are published (`rampkit report <id>` output): notifications link
   * to `<reportUrl>/<rollout id>`. @default none: notifications carry no `reportUrl`
   */
  reportUrl?: string;
  /** @default globalThis.fetch */
  fetch?: Fetch;
}

/** Who is asking, for the history. */
export interface ActorOptions {
  /** @default 'operator' */
  by?: string;
}

export interface StartOptions extends ActorOptions {
  /** Start even inside a change freeze (recorded in the history). @default false */
  force?: boolean;
}

export interface ReasonOptions extends ActorOptions {
  /** Recorded in the history, notifications and the audit entry of the weight write the command causes. */
  reason?: string;
}

export interface ForceOptions extends ReasonOptions {
  /** Promote or retry even inside a change freeze. @default false */
  force?: boolean;
}
