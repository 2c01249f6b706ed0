/**
 * Long, synchronous passes over a configuration (validation, compilation) are written once, as
 * generators that yield after each unit of work (one flag, one segment). `runSteps` runs them to
 * completion in one go; `runStepsInSlices` runs them a few milliseconds at a time and gives the
 * event loop a turn in between, so that a 10,000-flag configuration does not stall a server for
 * hundreds of milliseconds. Both see the same steps, hence the same results and the same errors.
 */

import { unref } from './unref.js';

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
 * The end of the slice the first sliced job to run in this event-loop turn started, if one has.
 * Jobs sliced at the same time (a store reading a file while a client compiles the last one)
 * resume in the same turn, one after the other: each ends its slice no later than the first one's,
 * so a turn holds about one slice of work, not one per job. A timer set with the first slice
 * clears it before the next turn's jobs resume (it was set before their own timers).
 */
let turnSliceEnd: number | undefined;

function startSlice(sliceMs: number): number {
  // Work asked to run without pauses runs so, and leaves the turn's slice to the others.
  if (sliceMs === Number.POSITIVE_INFINITY) return sliceMs;
  const end = performance.now() + sliceMs;
  if (turnSliceEnd !== undefined) return Math.min(end, turnSliceEnd);
  turnSliceEnd = end;
  unref(
    setTimeout(() => {
      turnSliceEnd = undefined;
    }, 0),
  );
  return end;
}

/**
 * Runs `steps` in slices of about `sliceMs` each, pausing between slices with `setTimeout(…, 0)`
 * (a macrotask: pending I/O, timers and requests run before the work resumes, which a microtask
 * would not allow). Other sliced work in the same turn shares the slice (a job always runs at
 * least one clock reading's worth of steps). Rejects with whatever the steps throw.
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
  let deadline = startSlice(sliceMs);
  let sinceClock = 0;
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (++sinceClock < clockEvery) continue;
    sinceClock = 0;
    if (performance.now() < deadline) continue;
    await nextTurn();
    hooks.onPause?.();
    deadline = startSlice(sliceMs);
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
