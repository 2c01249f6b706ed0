import type { Scheduler } from '@rampkit/rollout';

/**
 * Time that runs `scale` times faster than the wall clock, for the demo's compressed holds. The
 * store, the client's metrics windows and the controller all read `now`, and the controller's
 * timers go through `scheduler`, so a plan written in minutes plays out in seconds, unchanged.
 */
export interface ScaledClock {
  readonly scale: number;
  now(): number;
  scheduler: Scheduler;
  /** Real milliseconds for `ms` of simulated time. */
  realMs(ms: number): number;
}

export function scaledClock(scale: number, origin = Date.now()): ScaledClock {
  const started = performance.now();
  const realMs = (ms: number) => Math.max(0, ms / scale);
  return {
    scale,
    now: () => origin + Math.round((performance.now() - started) * scale),
    realMs,
    scheduler: {
      setTimer(callback, ms, options) {
        const timer = setTimeout(callback, realMs(ms));
        if (options?.keepAlive !== true) timer.unref();
        return () => clearTimeout(timer);
      },
      sleep(ms) {
        return new Promise((resolve) => setTimeout(resolve, realMs(ms)));
      },
    },
  };
}
