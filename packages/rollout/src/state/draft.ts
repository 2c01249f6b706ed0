import type { TransitionType } from '../plan/types.js';
import type { Block, HistoryEntry, RolloutState, TransitionEntry } from './types.js';

/** What a decision asks the runner to do once the new state is persisted. */
export type Action =
  /** Write the flag's split so the canary gets `weight` percent. */
  | { type: 'setWeight'; weight: number }
  /** Record (and emit, and notify) a history entry. */
  | { type: 'record'; entry: HistoryEntry };

export interface Decision {
  state: RolloutState;
  actions: Action[];
  /** False when nothing changed: the state given is returned as it was and nothing needs persisting. */
  changed: boolean;
}

type EntryWithoutBase<T extends HistoryEntry> = Omit<
  T,
  'seq' | 'at' | 'rolloutId' | 'attempt' | 'stepIndex' | 'weight'
>;

/**
 * A working copy of a rollout's state that the pure transitions change, collecting the history
 * entries they make. `result()` says whether anything changed at all, so a decision that changes
 * nothing costs no write.
 */
export class Draft {
  readonly state: RolloutState;
  /** The rollout's time (state/clock.ts): what deadlines and history entries use. */
  readonly now: number;
  /** The wall clock: what calendar gates (windows, freezes) and metrics anchors use. */
  readonly wall: number;
  readonly #original: RolloutState;

  constructor(state: RolloutState, now: number, wall = now) {
    this.#original = state;
    this.state = structuredClone(state);
    this.now = now;
    this.wall = wall;
  }

  record<T extends HistoryEntry>(entry: EntryWithoutBase<T>): T {
    const s = this.state;
    s.historySeq += 1;
    const full = {
      seq: s.historySeq,
      at: this.now,
      rolloutId: s.id,
      attempt: s.attempt,
      stepIndex: s.stepIndex,
      weight: s.appliedWeight,
      ...entry,
    } as unknown as T;
    s.outbox.push(full);
    return full;
  }

  transition(type: TransitionType, reason: string, by = 'controller'): TransitionEntry {
    this.state.reason = reason;
    return this.record<TransitionEntry>({
      kind: 'transition',
      type,
      status: this.state.status,
      toWeight: this.state.weight,
      reason,
      by,
    });
  }

  /** Marks what holds the rollout; a new kind of hold is a transition (`held` unless named), a new detail is not. */
  block(kind: Block['kind'], detail: string, type: TransitionType = 'held'): void {
    const s = this.state;
    const previous = s.blockedBy;
    if (previous?.kind === kind) {
      previous.detail = detail;
      s.reason = detail;
      return;
    }
    s.blockedBy = { kind, detail, since: this.now };
    if (kind !== 'paused') this.transition(type, detail);
    else s.reason = detail;
  }

  unblock(): void {
    delete this.state.blockedBy;
  }

  pause(reason: string, by = 'controller'): void {
    const s = this.state;
    s.status = 'paused';
    s.blockedBy = { kind: 'paused', detail: reason, since: this.now };
    this.transition('paused', reason, by);
  }

  /** Stable at 100% at once; the runner writes it within the same tick. */
  rollBack(reason: string, by = 'controller'): void {
    this.end('rolledBack', reason, by);
  }

  end(status: 'rolledBack' | 'aborted', reason: string, by: string): void {
    const s = this.state;
    s.status = status;
    s.weight = 0;
    s.finishedAt = this.now;
    this.unblock();
    this.transition(status, reason, by);
  }

  result(): Decision {
    const before = JSON.stringify(this.#original);
    if (JSON.stringify(this.state) === before) return { state: this.#original, actions: [], changed: false };
    this.state.updatedAt = this.now;
    const actions: Action[] = [];
    if (this.state.weight !== this.#original.weight)
      actions.push({ type: 'setWeight', weight: this.state.weight });
    const seen = new Set(this.#original.outbox.map((entry) => entry.seq));
    for (const entry of this.state.outbox) if (!seen.has(entry.seq)) actions.push({ type: 'record', entry });
    return { state: this.state, actions, changed: true };
  }
}
