import type { Lease } from '@rampkit/core';
import type { GateEntry, TransitionEntry, VerdictEntry } from '../state/types.js';

/** The controller's events; subscribe with `controller.on(name, listener)`. */
export interface RolloutEvents {
  /** A rollout changed status, step or phase, or what holds it. Also in the history. */
  transition: [entry: TransitionEntry];
  /** An analysis gave a verdict, with every input it rests on. Also in the history. */
  verdict: [entry: VerdictEntry];
  /** Gates were evaluated before a weight increase. Also in the history. */
  gate: [entry: GateEntry];
  /** This controller took a rollout's lease, lost it (another took it over), or handed it back. */
  lease: [change: LeaseChange];
  /** A pass over the store's rollouts ended; a pass the store failed is an `error` event instead. */
  pass: [summary: PassSummary];
  /** Something went wrong off the decision path: a split write, a notification, a lost lease. */
  error: [error: Error, rolloutId: string];
}

/** A change of one rollout's lease as this controller saw it. */
export interface LeaseChange {
  /**
   * `acquired`: this controller drives the rollout from now on; `lost`: it could not renew the lease
   * in time (another controller may hold it now); `released`: it handed the lease back (the rollout
   * ended, or the controller closed).
   */
  change: 'acquired' | 'lost' | 'released';
  rolloutId: string;
  /** The lease as it was at the change: holder, fencing token, expiry. */
  lease: Lease;
}

/** One pass over the store's rollouts. */
export interface PassSummary {
  /** When the pass ended, wall clock (epoch milliseconds). */
  at: number;
  /** Live rollouts the pass looked at. */
  live: number;
  /** The rollouts whose lease this controller holds after the pass. */
  driving: string[];
}
