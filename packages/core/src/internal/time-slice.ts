/**
 * Long, synchronous passes over a configuration (validation, compilation) are written once, as
 * generators that yield after each unit of work (one flag, one segment). `runSteps` runs them to
 * completion in one go; `runStepsInSlices` runs them a few milliseconds at a time and gives the
 * event loop a turn in between, so that a 10,000-flag configuration does not stall a server for
 * hundreds of milliseconds. Both see the same steps, hence the same results and the same errors.
 */

/** Work that yields between units and returns a `T` (or throws) at the end. */
export type Steps<T> = Generator<void, T, undefined>;

/** How sliced work shares the event loop. */
export interface TimeSliceOptions {
  /** Longest run, in milliseconds, before the work pauses for one event-loop turn. @default 4 */
  sliceMs?: number;
}

const DEFAULT_SLICE_MS = 4;

/**
 * Reading the clock costs little next to one flag's work (tens of microseconds), but the smallest
 * steps (a map lookup) are cheaper still: reading it every 16 steps keeps its cost negligible and
 * a slice's overrun to about a millisecond.
 */
const CLOCK_EVERY = 16;

/** Runs `steps` to the end without pausing. */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Knobs for tests and for callers that watch the slicing. */
export interface SliceHooks {
  /** Called after every pause (tests count slices with it). */
  readonly onPause?: () => void;
  /** Steps between clock readings. @default 16 */
  readonly clockEvery?: number;
  /**
   * Pause before the first slice too: for work started at the end of other sliced work (a store
   * handing a client a snapshot), so that the two never run back to back. @default false
   */
  readonly pauseFirst?: boolean;
}

/**
 * Runs `steps` in slices of about `sliceMs` each, pausing between slices with `setTimeout(…, 0)`
 * (a macrotask: pending I/O, timers and requests run before the work resumes, which a microtask
 * would not allow). Rejects with whatever the steps throw.
 */
export async function runStepsInSlices<T>(
  steps: Steps<T>,
  options: TimeSliceOptions = {},
  hooks: SliceHooks = {},
): Promise<T> {
  const sliceMs = Math.max(0, options.sliceMs ?? DEFAULT_SLICE_MS);
  const clockEvery = Math.max(1, hooks.clockEvery ?? CLOCK_EVERY);
  if (hooks.pauseFirst) {
    await nextTurn();
    hooks.onPause?.();
  }
  let deadline = performance.now() + sliceMs;
  let sinceClock = 0;
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (++sinceClock < clockEvery) continue;
    sinceClock = 0;
    if (performance.now() < deadline) continue;
    await nextTurn();
    hooks.onPause?.();
    deadline = performance.now() + sliceMs;
  }
}

/**
 * The same steps, stopping early (returning undefined) at the first step after `abandoned()`
 * turns true: work whose result is no longer wanted gives the event loop back sooner.
 */
export function* untilAbandoned<T>(steps: Steps<T>, abandoned: () => boolean): Steps<T | undefined> {
  for (;;) {
    if (abandoned()) return undefined;
    const step = steps.next();
    if (step.done) return step.value;
    yield;
  }
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
