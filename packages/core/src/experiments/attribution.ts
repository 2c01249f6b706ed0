/**
 * The attribution rule of experiments, in one place (docs/experiments.md, "Tracking"). The unit is the
 * unit of analysis:
 * 1. a unit's first exposure to an experiment decides its arm for good (a later exposure, in any
 *    process, does not move it);
 * 2. an event counts for an experiment only when the unit was exposed to it at or before the event;
 *    events before the exposure are not attributed;
 * 3. it counts in the arm of that first exposure, never in another.
 * The client applies 2 when an event is tracked; stores apply 1 and 3 when batches meet (MemoryStore
 * calls these functions, RedisStore's Lua script mirrors them).
 */

/** What decides a unit's arm: the arm it was first exposed to, and when. */
export interface FirstExposure {
  readonly arm: string;
  /** Epoch milliseconds. */
  readonly exposedAt: number;
}

/** Rule 1: the earlier exposure wins; on a tie, the one already known. */
export function firstExposure<E extends FirstExposure>(known: E | undefined, incoming: E): E {
  if (known === undefined) return incoming;
  return incoming.exposedAt < known.exposedAt ? incoming : known;
}

/** Rule 2: the arm an event at `eventAt` counts in, or undefined when it came before the exposure. */
export function attributedArm(exposure: FirstExposure | undefined, eventAt: number): string | undefined {
  if (exposure === undefined || !(exposure.exposedAt <= eventAt)) return undefined;
  return exposure.arm;
}

/** Rule 3: whether totals attributed to `arm` may be added to a unit whose first exposure is `stored`. */
export function acceptsIncrement(stored: FirstExposure | undefined, arm: string): boolean {
  return stored !== undefined && stored.arm === arm;
}
