import { ABORTED, ERROR, kindOf, latencyOf, type OutcomeKind } from './outcome-kind.js';
import type { Outcome } from './types.js';

/** How many (flag, variation) pairs `#recent` remembers: a request serves a handful of flags. */
const RECENT_PAIRS = 16;

/**
 * The cumulative counts of one (flag, variation) since its table was made, with latencies counted
 * in buckets of the reader's own bounds: an exporter's histogram needs exact upper bounds, which
 * the aggregator's latency histogram (whole microseconds, HdrHistogram-style) cannot give.
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
  readonly #boundsMs: Float64Array;

  constructor(boundsMs: Float64Array) {
    this.#boundsMs = boundsMs;
    this.buckets = new Float64Array(boundsMs.length + 1);
  }

  add(kind: OutcomeKind, latencyMs: number): void {
    if (kind === ABORTED) {
      this.aborts += 1;
      return;
    }
    this.requests += 1;
    if (kind === ERROR) this.errors += 1;
    if (latencyMs >= 0 && latencyMs < Number.POSITIVE_INFINITY) {
      const bounds = this.#boundsMs;
      let slot = 0;
      while (slot < bounds.length && latencyMs > bounds[slot]!) slot += 1;
      this.buckets[slot]! += 1;
      this.sumMs += latencyMs;
    }
  }
}

/**
 * A client's cumulative outcome counts per (flag, variation), kept while an exporter reads them at
 * scrape time (`countOutcomes`): fed by the aggregator's per-window totals, which hold their pair's
 * cell, so that a pair is found once per outcome; a client without a metrics store feeds them
 * through `recordAll`. At most `maxPairs` pairs get a cell: `client.record` takes any string, so the
 * outcomes of the pairs past it go to `overflow`, read as dropped.
 */
export class OutcomeCells {
  readonly boundsMs: Float64Array;
  readonly maxPairs: number;
  readonly overflow: OutcomeCell;
  readonly #byFlag = new Map<string, Map<string, OutcomeCell>>();
  #size = 0;
  // The first pairs seen, for `recordAll`: the client hands over the same few interned strings over
  // and over, and comparing them costs less than two map lookups. Arrays of one kind each.
  readonly #recentFlags: string[] = [];
  readonly #recentVariations: string[] = [];
  readonly #recentCells: OutcomeCell[] = [];

  constructor(boundsMs: readonly number[], maxPairs: number) {
    this.boundsMs = Float64Array.from(boundsMs);
    this.maxPairs = maxPairs;
    this.overflow = new OutcomeCell(this.boundsMs);
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
    const cell = new OutcomeCell(this.boundsMs);
    variations.set(variation, cell);
    this.#size += 1;
    return cell;
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
