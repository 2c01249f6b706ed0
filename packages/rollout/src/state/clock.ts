import type { RolloutState } from './types.js';

/*
 * A rollout's own time, which never steps. Holds, deadlines and analysis intervals are durations:
 * they are measured on a timeline that moves with a monotonic clock while one controller drives the
 * rollout, and with the wall clock only across a hand-over (a restart, another controller taking the
 * lease), where nothing else is known. The timeline starts equal to the wall clock, so in a rollout
 * whose wall clock never stepped every stored time is also a wall-clock time.
 *
 * Metrics are stamped by the applications' wall clock, so reading them stays in wall time; when the
 * wall clock steps, the rollout notes it and re-anchors its reads (decide.ts, `noteClockStep`).
 */

/** Both clocks, read at once. */
export interface ClockReading {
  /** Epoch milliseconds (`Date.now`). */
  wall: number;
  /** Milliseconds from an arbitrary origin that never steps (`performance.now`). */
  monotonic: number;
}

/** What the state keeps of its time at its last change by a controller's tick. */
export interface RolloutClock {
  wall: number;
  timeline: number;
}

/** What a controller remembers of its last reading of one rollout's time while it holds the lease. */
export interface TimelineMark extends ClockReading {
  timeline: number;
}

export interface TimelineNow {
  /** The rollout's time now. */
  timeline: number;
  /** The wall clock now. */
  wall: number;
  /** How far the wall clock stepped since the last reading (negative: back); 0 when it did not. */
  step: number;
}

/** Disagreements between the two clocks below this are drift and scheduling, not a step. */
export const CLOCK_STEP_TOLERANCE_MS = 1000;

/** The state's clock: the one it stored, or — for a state stored before clocks were kept — its last update. */
export function storedClock(state: RolloutState): RolloutClock {
  return state.clock ?? { wall: state.updatedAt, timeline: state.updatedAt };
}

/**
 * The rollout's time now.
 * - With a mark (this controller read this rollout's time before and has held its lease since),
 *   the timeline moves by the monotonic clock; a wall clock that moved differently stepped.
 * - Without one, it moves by the wall clock since the stored clock; a wall clock behind the stored
 *   one stepped back (the timeline then stands still). A step forward across a hand-over cannot be
 *   told from downtime and counts as time passed.
 */
export function readTimeline(
  stored: RolloutClock,
  mark: TimelineMark | undefined,
  reading: ClockReading,
): TimelineNow {
  if (mark !== undefined) {
    const elapsed = Math.max(0, reading.monotonic - mark.monotonic);
    const drift = reading.wall - mark.wall - elapsed;
    return {
      timeline: mark.timeline + elapsed,
      wall: reading.wall,
      step: Math.abs(drift) < CLOCK_STEP_TOLERANCE_MS ? 0 : drift,
    };
  }
  const elapsed = reading.wall - stored.wall;
  if (elapsed <= -CLOCK_STEP_TOLERANCE_MS)
    return { timeline: stored.timeline, wall: reading.wall, step: elapsed };
  return { timeline: stored.timeline + Math.max(0, elapsed), wall: reading.wall, step: 0 };
}

/** The rollout's time at `wall` as any process can tell it from the state alone (commands, status). */
export function estimateTimeline(state: RolloutState, wall: number): number {
  const stored = storedClock(state);
  return stored.timeline + Math.max(0, wall - stored.wall);
}

/** A time on the rollout's timeline as a wall-clock time, for people. */
export function wallTimeOf(state: RolloutState, timeline: number): number {
  const stored = storedClock(state);
  return timeline + (stored.wall - stored.timeline);
}
