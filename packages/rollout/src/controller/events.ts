import type { GateEntry, TransitionEntry, VerdictEntry } from '../state/types.js';

/** The controller's events; subscribe with `controller.on(name, listener)`. */
export interface RolloutEvents {
  /** A rollout changed status, step or phase, or what holds it. Also in the history. */
  transition: [entry: TransitionEntry];
  /** An analysis gave a verdict, with every input it rests on. Also in the history. */
  verdict: [entry: VerdictEntry];
  /** Gates were evaluated before a weight increase. Also in the history. */
  gate: [entry: GateEntry];
  /** Something went wrong off the decision path: a split write, a notification, a lost lease. */
  error: [error: Error, rolloutId: string];
}
