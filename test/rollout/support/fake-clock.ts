import type { Scheduler } from '@rampkit/rollout';

interface Timer {
  at: number;
  seq: number;
  callback: () => void;
}

/**
 * Virtual time for the controller: `now()`, timers that fire only when the test advances the clock,
 * and sleeps (webhook backoff) that let virtual time pass at once.
 */
export class FakeClock implements Scheduler {
  #now: number;
  #seq = 0;
  #timers: Timer[] = [];
  /** Every sleep asked for, in order: the backoff schedule. */
  readonly sleeps: number[] = [];

  constructor(start = Date.parse('2025-01-15T10:00:00Z')) {
    this.#now = start;
  }

  readonly now = (): number => this.#now;

  setTimer(callback: () => void, ms: number): () => void {
    const timer = { at: this.#now + ms, seq: this.#seq++, callback };
    this.#timers.push(timer);
    return () => {
      this.#timers = this.#timers.filter((t) => t !== timer);
    };
  }

  sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.#now += ms;
    return Promise.resolve();
  }

  /** Moves time forward without firing timers (tests that call `tick()` themselves). */
  set(epochMs: number): void {
    this.#now = epochMs;
  }

  /** Moves time forward, firing due timers in order and letting their async work settle. */
  async advance(ms: number): Promise<void> {
    const end = this.#now + ms;
    for (;;) {
      const due = this.#timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (due === undefined) break;
      this.#timers = this.#timers.filter((t) => t !== due);
      this.#now = Math.max(this.#now, due.at);
      due.callback();
      await settle();
    }
    this.#now = end;
    await settle();
  }

  get pendingTimers(): number {
    return this.#timers.length;
  }
}

/** Lets pending promise chains (a tick in flight) run to completion. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
