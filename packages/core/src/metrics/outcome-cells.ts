import { type LatencyHistogram, latencyBucketRange, MAX_LATENCY_BUCKET } from './histogram.js';
import { ABORTED, ERROR, kindOf, latencyOf, type OutcomeKind } from './outcome-kind.js';
import type { Outcome } from './types.js';

/** How many (flag, variation) pairs `#recent` remembers: a request serves a handful of flags. */
const RECENT_PAIRS = 16;

/**
 * How far beyond a latency bucket's edges a bound still makes it straddle: more than the error of
 * rounding `ms × 1000`, so that a sample near an edge is never put on the wrong side of a bound.
 */
const EDGE_MS = 1e-6;

/**
 * In `OutcomeCell.slots`: the window histogram's bucket holds latencies on both sides of a bound. The
 * aggregator tests for it as `< 0`.
 */
const STRADDLES = -1;

/**
 * Where the aggregator holds a pair's counts not yet taken into its cell: one window's totals, while
 * the window is open or being written (`OutcomeCells.follow`).
 */
export interface LiveTotals {
  readonly cell: OutcomeCell | undefined;
  readonly requests: number;
  readonly errors: number;
  readonly aborted: number;
  readonly latency: LatencyHistogram;
}

/** What a cell has counted, with its pair's live totals, at one moment. */
export interface CellCounts {
  requests: number;
  errors: number;
  aborts: number;
  /** Sum of the latency samples, in milliseconds. */
  sumMs: number;
  /** Samples per bucket of the reader's bounds, not cumulative; the last counts those above all. */
  readonly buckets: Float64Array;
}

/**
 * The cumulative counts of one (flag, variation) since its table was made, with latencies counted
 * in buckets of the reader's own bounds: an exporter's histogram needs exact upper bounds, which
 * the aggregator's latency histogram (whole microseconds, HdrHistogram-style) cannot give everywhere.
 *
 * With an aggregator, an outcome is counted once, in its window's totals, and the cell takes the
 * totals in when the window leaves (`absorb`: written, evicted, or the cells no longer followed); a
 * read adds the totals still live (`OutcomeCells.counts`). Every bucket of the window's histogram
 * falls within one of the reader's buckets, but for the few that straddle a bound (`slots`), whose
 * samples the cell counts itself as they are recorded (`sample`): the request path then pays for
 * one table read (bench/http/LOG.md). Without an aggregator, `add` counts everything here.
 */
export class OutcomeCell {
  requests = 0;
  errors = 0;
  aborts = 0;
  /** Sum of the latency samples, in milliseconds. */
  sumMs = 0;
  /**
   * Latency samples (requests with a finite, non-negative latency) per bucket, not cumulative; the
   * last slot counts those above every bound. Their total is the number of samples.
   */
  readonly buckets: Float64Array;
  /**
   * The reader's bucket each bucket index of a window histogram falls in (`latencyBucketIndex`), or
   * STRADDLES; shared by the cells of one table.
   */
  readonly slots: Int16Array;
  readonly #boundsMs: Float64Array;

  constructor(boundsMs: Float64Array, slots: Int16Array) {
    this.#boundsMs = boundsMs;
    this.slots = slots;
    this.buckets = new Float64Array(boundsMs.length + 1);
  }

  /** Counts one outcome: for a client without an aggregator. */
  add(kind: OutcomeKind, latencyMs: number): void {
    if (kind === ABORTED) {
      this.aborts += 1;
      return;
    }
    this.requests += 1;
    if (kind === ERROR) this.errors += 1;
    if (latencyMs >= 0 && latencyMs < Number.POSITIVE_INFINITY) {
      this.sample(latencyMs);
      this.sumMs += latencyMs;
    }
  }

  /**
   * Counts one latency in its bucket, no more: the sample of a window histogram's bucket that
   * straddles a bound, which `absorb` and `counts` then leave out. `latencyMs` is finite and ≥ 0.
   */
  sample(latencyMs: number): void {
    const bounds = this.#boundsMs;
    let slot = 0;
    while (slot < bounds.length && latencyMs > bounds[slot]!) slot += 1;
    this.buckets[slot]! += 1;
  }

  /** Takes in the counts of `totals`, a window leaving the aggregator. */
  absorb(totals: LiveTotals): void {
    addTotals(this, this.slots, totals);
  }
}

/**
 * Adds a window's totals to `into` (a cell, or a reading of one), its latency samples in the buckets
 * `slots` give, but for those of the buckets that straddle a bound: the cell counted those itself.
 */
function addTotals(into: CellCounts, slots: Int16Array, totals: LiveTotals): void {
  into.requests += totals.requests;
  into.errors += totals.errors;
  into.aborts += totals.aborted;
  into.sumMs += totals.latency.sum;
  totals.latency.forEachBucket((index, count) => {
    const slot = slots[index]!;
    if (slot !== STRADDLES) into.buckets[slot]! += count;
  });
}

/**
 * For each bucket index of a window histogram, the reader's bucket it falls in (the first bound at
 * or above its latencies), or STRADDLES when a bound lies within its range, edges included.
 */
function slotsFor(boundsMs: Float64Array): Int16Array {
  const slots = new Int16Array(MAX_LATENCY_BUCKET + 1);
  let slot = 0;
  for (let index = 0; index <= MAX_LATENCY_BUCKET; index++) {
    const { lowerMs, upperMs } = latencyBucketRange(index);
    while (slot < boundsMs.length && boundsMs[slot]! < lowerMs - EDGE_MS) slot += 1;
    const straddles = slot < boundsMs.length && boundsMs[slot]! <= upperMs + EDGE_MS;
    slots[index] = straddles ? STRADDLES : slot;
  }
  return slots;
}

/**
 * A client's cumulative outcome counts per (flag, variation), kept while an exporter reads them at
 * scrape time (`countOutcomes`): the aggregator's window totals hold their pair's cell, which takes
 * them in as they leave and is read with those still held (`follow`, `counts`); a client without a
 * metrics store counts into them through `recordAll`. At most `maxPairs` pairs get a cell: `client.record` takes any string, so the
 * outcomes of the pairs past it go to `overflow`, read as dropped.
 */
export class OutcomeCells {
  readonly boundsMs: Float64Array;
  readonly maxPairs: number;
  readonly overflow: OutcomeCell;
  readonly #slots: Int16Array;
  readonly #byFlag = new Map<string, Map<string, OutcomeCell>>();
  #size = 0;
  // The first pairs seen, for `recordAll`: the client hands over the same few interned strings over
  // and over, and comparing them costs less than two map lookups. Arrays of one kind each.
  readonly #recentFlags: string[] = [];
  readonly #recentVariations: string[] = [];
  readonly #recentCells: OutcomeCell[] = [];
  #live: ((visit: (totals: LiveTotals) => void) => void) | undefined;

  constructor(boundsMs: readonly number[], maxPairs: number) {
    this.boundsMs = Float64Array.from(boundsMs);
    this.maxPairs = maxPairs;
    this.#slots = slotsFor(this.boundsMs);
    this.overflow = new OutcomeCell(this.boundsMs, this.#slots);
  }

  /** Every (flag, variation, cell), in the order first seen. */
  *entries(): IterableIterator<[string, string, OutcomeCell]> {
    for (const [flag, variations] of this.#byFlag) {
      for (const [variation, cell] of variations) yield [flag, variation, cell];
    }
  }

  /** The cell of (flag, variation), created when missing; `overflow` past the bound. */
  cell(flag: string, variation: string): OutcomeCell {
    let variations = this.#byFlag.get(flag);
    const found = variations?.get(variation);
    if (found !== undefined) return found;
    if (this.#size >= this.maxPairs) return this.overflow;
    if (variations === undefined) {
      variations = new Map();
      this.#byFlag.set(flag, variations);
    }
    const cell = new OutcomeCell(this.boundsMs, this.#slots);
    variations.set(variation, cell);
    this.#size += 1;
    return cell;
  }

  /**
   * Reads the totals of the aggregator's windows with every `counts` (undefined: stops). The
   * aggregator passes the totals it holds and those it is writing; the cell of each is the one to
   * add it to.
   */
  follow(live: ((visit: (totals: LiveTotals) => void) => void) | undefined): void {
    this.#live = live;
  }

  /** What every cell, the overflow included, has counted with its live totals. */
  counts(): Map<OutcomeCell, CellCounts> {
    const counts = new Map<OutcomeCell, CellCounts>();
    counts.set(this.overflow, countsOf(this.overflow));
    for (const [, , cell] of this.entries()) counts.set(cell, countsOf(cell));
    this.#live?.((totals) => {
      const cell = totals.cell;
      const into = cell === undefined ? undefined : counts.get(cell);
      if (cell !== undefined && into !== undefined) addTotals(into, cell.slots, totals);
    });
    return counts;
  }

  /** Counts one outcome for each pair of `pairs` ([flag, variation, …]), as the aggregator does. */
  recordAll(pairs: readonly string[], outcome: Outcome): void {
    const kind = kindOf(outcome);
    const latencyMs = latencyOf(outcome);
    for (let i = 0; i + 1 < pairs.length; i += 2) this.#recent(pairs[i]!, pairs[i + 1]!).add(kind, latencyMs);
  }

  #recent(flag: string, variation: string): OutcomeCell {
    const flags = this.#recentFlags;
    const variations = this.#recentVariations;
    for (let i = 0; i < flags.length; i++) {
      if (flags[i] === flag && variations[i] === variation) return this.#recentCells[i]!;
    }
    const cell = this.cell(flag, variation);
    if (cell !== this.overflow && flags.length < RECENT_PAIRS) {
      flags.push(flag);
      variations.push(variation);
      this.#recentCells.push(cell);
    }
    return cell;
  }
}

function countsOf(cell: OutcomeCell): CellCounts {
  return {
    requests: cell.requests,
    errors: cell.errors,
    aborts: cell.aborts,
    sumMs: cell.sumMs,
    buckets: cell.buckets.slice(),
  };
}
