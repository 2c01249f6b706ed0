import {
  type ArmTotals,
  emptyHistogramData,
  type HistogramData,
  LatencyHistogram,
  type MetricsWindow,
  toArmMetrics,
} from '@rampkit/core';
import type { ArmPair, Freshness, Stratum } from './types.js';

/**
 * How long after a window ends its last reports may still arrive: every instance flushes each
 * `flushIntervalMs` (5 s by default), so twice that covers flushes offset between instances.
 */
export const SETTLE_MS = 10_000;

/** Which windows make up each part of the evidence, in the metrics' clock (epoch milliseconds). */
export interface EvidenceQuery {
  stable: string;
  canary: string;
  /** Start of the cumulative evidence: when the canary first got traffic (blue-green: the switch). */
  since: number;
  /** Start of the step in force: when its weight was written. */
  stepSince: number;
  /** Start of the latest interval. */
  intervalFrom: number;
  /** This tick. */
  now: number;
  /** End of the last stratum the sequential tests have seen: strata start at or after it. */
  through: number;
  /** An arm silent longer than this is stale. */
  staleAfterMs: number;
  /**
   * Windows starting in `[from, to)` are left out of everything: after the clock stepped back, the
   * store sums new reports into windows it already held from before the step.
   */
  excluded?: { from: number; to: number };
}

/** Where the evidence starts: the parts of `EvidenceQuery` a rollout keeps between ticks. */
export interface EvidenceAnchors {
  since: number;
  stepSince: number;
  through: number;
  excluded?: { from: number; to: number };
}

/**
 * The anchors after the wall clock stepped by `stepMs` (negative: back) at `wall`. Forward, nothing
 * moves: later windows are stamped later. Back, the windows stamped before the step lie in the
 * clock's future, and the store will sum new reports into them once the clock gets there: the
 * evidence starts again at the step, and the windows from `since` to where the clock was are left
 * out. The sequential tests keep what they have learnt.
 */
export function reanchorAfterClockStep(
  anchors: EvidenceAnchors,
  stepMs: number,
  wall: number,
): EvidenceAnchors {
  if (stepMs >= 0) return anchors;
  const before = wall - stepMs;
  const excluded = {
    from: Math.min(anchors.excluded?.from ?? anchors.since, anchors.since),
    to: Math.max(anchors.excluded?.to ?? before, before),
  };
  return { since: wall, stepSince: wall, through: wall, excluded };
}

export interface Evidence {
  cumulative: ArmPair;
  step: ArmPair;
  interval: ArmPair;
  freshness: Freshness;
  strata: Stratum[];
}

/**
 * Turns the windows a store returned (`readMetricsWindows` from `since`) into what the judge
 * compares. A window counts towards a part when it starts inside it: a window that straddles the
 * start of a step belongs to the step before, so a step's evidence holds no request served before
 * its weight was in force.
 *
 * A window is a stratum once both arms have finished reporting it: each has reported a later
 * window (reports go out in time order), and `SETTLE_MS` have passed since it ended. An arm whose
 * reports lag (a slow flush, a backlog) holds the strata back instead of being compared with the
 * other arm's later traffic.
 */
export function gatherEvidence(windows: readonly MetricsWindow[], query: EvidenceQuery): Evidence {
  const { stable, canary, since, stepSince, intervalFrom, through, now, excluded } = query;
  // One pass over the windows: a controller judging every second reads hundreds of them each time.
  const parts = { cumulative: sums(), step: sums(), interval: sums() };
  const newest = [-Infinity, -Infinity];
  const newestEnd = [-Infinity, -Infinity];
  const candidates: MetricsWindow[] = [];
  const atStep: MetricsWindow[] = [];
  const stepNewest = [-Infinity, -Infinity];
  for (const w of windows) {
    const arm = w.variation === stable ? 0 : w.variation === canary ? 1 : -1;
    if (arm < 0 || w.windowStart < since) continue;
    if (excluded !== undefined && w.windowStart >= excluded.from && w.windowStart < excluded.to) continue;
    add(parts.cumulative[arm]!, w);
    if (w.windowStart >= stepSince) {
      atStep.push(w);
      if (w.requests + w.errors + w.aborted > 0) stepNewest[arm] = Math.max(stepNewest[arm]!, w.windowStart);
    }
    if (w.windowStart >= intervalFrom) add(parts.interval[arm]!, w);
    if (w.requests + w.errors + w.aborted > 0) {
      newest[arm] = Math.max(newest[arm]!, w.windowStart);
      newestEnd[arm] = Math.max(newestEnd[arm]!, w.windowStart + w.windowMs);
    }
    if (w.windowStart >= through && w.windowStart + w.windowMs + SETTLE_MS <= now) candidates.push(w);
  }
  // A step's totals are what its comparisons can see: windows settled and reported past by every
  // arm reporting at the step. Counting the others let a step complete on traffic no comparison
  // had folded yet (a broken canary's burst while stable's reports lagged).
  const stepUpTo = Math.min(...stepNewest.filter((start) => start > -Infinity));
  for (const w of atStep) {
    const end = w.windowStart + w.windowMs;
    if (end + SETTLE_MS <= now && end <= stepUpTo) add(parts.step[w.variation === stable ? 0 : 1]!, w);
  }
  const pair = (part: Sums[]): ArmPair => ({
    stable: toArmMetrics(stable, part[0]!),
    canary: toArmMetrics(canary, part[1]!),
  });
  const seenAt = (end: number) => (end === -Infinity ? null : Math.min(end, now));
  return {
    cumulative: pair(parts.cumulative),
    step: pair(parts.step),
    interval: pair(parts.interval),
    freshness: {
      stable: seenAt(newestEnd[0]!),
      canary: seenAt(newestEnd[1]!),
      staleAfterMs: query.staleAfterMs,
    },
    strata: strataOf(candidates, stable, Math.min(newest[0]!, newest[1]!)),
  };
}

interface Sums {
  requests: number;
  errors: number;
  aborted: number;
  latency: LatencyHistogram;
}

function sums(): Sums[] {
  return [0, 1].map(() => ({ requests: 0, errors: 0, aborted: 0, latency: new LatencyHistogram() }));
}

function add(into: Sums, w: MetricsWindow): void {
  into.requests += w.requests;
  into.errors += w.errors;
  into.aborted += w.aborted;
  if (w.latency.count > 0) into.latency.merge(histogramOf(w.latency));
}

/**
 * Each window's latency is merged into up to three sums per tick, and a simulation hands the same
 * windows to every tick: parse each once. Windows are never changed after they were read.
 */
const parsed = new WeakMap<HistogramData, LatencyHistogram>();

function histogramOf(data: HistogramData): LatencyHistogram {
  let histogram = parsed.get(data);
  if (histogram === undefined) {
    histogram = LatencyHistogram.fromData(data);
    parsed.set(data, histogram);
  }
  return histogram;
}

/** Candidates (late enough, settled) that both arms have reported past: `reportedUpTo`. */
function strataOf(candidates: readonly MetricsWindow[], stable: string, reportedUpTo: number): Stratum[] {
  const byStart = new Map<number, Stratum>();
  for (const w of candidates) {
    const to = w.windowStart + w.windowMs;
    if (to > reportedUpTo) continue;
    let stratum = byStart.get(w.windowStart);
    if (stratum === undefined) {
      stratum = { from: w.windowStart, to, stable: emptyTotals(), canary: emptyTotals() };
      byStart.set(w.windowStart, stratum);
    }
    stratum.to = Math.max(stratum.to, to);
    stratum[w.variation === stable ? 'stable' : 'canary'] = totalsOf(w);
  }
  return [...byStart.values()].sort((a, b) => a.from - b.from);
}

function totalsOf(w: MetricsWindow): ArmTotals {
  return { requests: w.requests, errors: w.errors, aborted: w.aborted, latency: w.latency };
}

export function emptyTotals(): ArmTotals {
  return { requests: 0, errors: 0, aborted: 0, latency: emptyHistogramData() };
}
