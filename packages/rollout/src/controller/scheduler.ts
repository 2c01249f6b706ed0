import { unref } from '@rampkit/core/internal';

/** Timers, injectable so tests and simulations drive the controller with a fake clock. */
export interface Scheduler {
  /**
   * Calls `callback` after `ms`; returns a function that cancels it. Timers do not keep the process
   * alive unless `keepAlive` is set (`waitFor` sets it while someone waits).
   */
  setTimer(callback: () => void, ms: number, options?: { keepAlive?: boolean }): () => void;
  /** Resolves after `ms` (the backoff between webhook attempts). */
  sleep(ms: number): Promise<void>;
}

/** `setTimeout`, unref'd unless asked to keep the process alive. */
export const systemScheduler: Scheduler = {
  setTimer(callback, ms, options) {
    const timer = setTimeout(callback, ms);
    if (options?.keepAlive !== true) unref(timer);
    return () => clearTimeout(timer);
  },
  sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
  },
};
