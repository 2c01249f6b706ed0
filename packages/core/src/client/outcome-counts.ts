import { type CellCounts, type OutcomeCell, OutcomeCells } from '../metrics/outcome-cells.js';

/** The outcomes `record` and `recordAll` counted for one (flag, variation) since a reader opened. */
export interface OutcomeCount {
  readonly flag: string;
  readonly variation: string;
  readonly requests: number;
  readonly errors: number;
  readonly aborts: number;
  /** Requests with a finite, non-negative latency. */
  readonly samples: number;
  /** Sum of their latencies, in milliseconds. */
  readonly sumMs: number;
  /** Samples per bucket of the reader's `boundsMs` (not cumulative); the last counts those above all. */
  readonly buckets: Float64Array;
}

export interface OutcomeCountsOptions {
  /** Upper bounds of the latency buckets, in milliseconds, increasing. */
  readonly boundsMs: readonly number[];
  /** Most (flag, variation) pairs counted apart; the outcomes of the others are `dropped`. */
  readonly maxPairs: number;
}

/**
 * A reader of a client's outcome counts, for exporters that read them when scraped instead of being
 * called with every outcome (`ClientObserver.outcomes`). The client counts while a reader is open.
 */
export interface OutcomeCounter {
  /**
   * The outcomes of each pair with at least one since this reader was opened. Counts only go up,
   * across configuration updates and metrics flushes.
   */
  read(): OutcomeCount[];
  /** Outcomes of pairs past `maxPairs` since this reader was opened: one per pair of a request. */
  readonly dropped: number;
  /** Stops this reader (the client stops counting when none is left). Idempotent. */
  stop(): void;
}

type Snapshot = Omit<OutcomeCount, 'flag' | 'variation'>;

/**
 * The readers of a client's outcome counts and the cells they read: made when the first reader
 * opens and dropped with the last, so a client no one reads counts nothing. Readers open at the same
 * time share the cells, so they must ask for the same buckets and bound.
 */
export class OutcomeCounts {
  readonly #onCounting: (cells: OutcomeCells | undefined) => void;
  #cells: OutcomeCells | undefined;
  #readers = 0;

  /** `onCounting` is given the cells to count in when the first reader opens, undefined after the last. */
  constructor(onCounting: (cells: OutcomeCells | undefined) => void) {
    this.#onCounting = onCounting;
  }

  /** A reader; undefined when readers with other buckets or another bound are open. */
  open(options: OutcomeCountsOptions): OutcomeCounter | undefined {
    let cells = this.#cells;
    if (cells === undefined) {
      cells = new OutcomeCells(options.boundsMs, options.maxPairs);
    } else if (!sameOptions(cells, options)) {
      return undefined;
    }
    this.#readers += 1;
    if (this.#readers === 1) {
      this.#cells = cells;
      this.#onCounting(cells);
    }
    // Taken once the cells are followed: the windows open now are in it, as the reader's start.
    const base = new Map<OutcomeCell, Snapshot>();
    for (const [cell, counts] of cells.counts()) base.set(cell, snapshot(counts));
    const opened = cells;
    // A window's latency sum moves into its cell when the window is written: the same numbers added
    // in another order, which can come out a rounding error lower. A reader never reports less than
    // it has reported (Prometheus reads a lower sum as a counter reset).
    const sums = new Map<OutcomeCell, number>();
    let open = true;
    return {
      read: () => {
        const counts: OutcomeCount[] = [];
        const now = opened.counts();
        for (const [flag, variation, cell] of opened.entries()) {
          const count = since(snapshot(now.get(cell)!), base.get(cell));
          if (count.requests === 0 && count.aborts === 0) continue;
          const sumMs = Math.max(count.sumMs, sums.get(cell) ?? 0);
          sums.set(cell, sumMs);
          counts.push({ flag, variation, ...count, sumMs });
        }
        return counts;
      },
      get dropped() {
        const overflow = snapshot(opened.counts().get(opened.overflow)!);
        const before = base.get(opened.overflow)!;
        return overflow.requests + overflow.aborts - before.requests - before.aborts;
      },
      stop: () => {
        if (!open) return;
        open = false;
        this.#readers -= 1;
        if (this.#readers > 0) return;
        this.#cells = undefined;
        this.#onCounting(undefined);
      },
    };
  }
}

function sameOptions(cells: OutcomeCells, options: OutcomeCountsOptions): boolean {
  const bounds = options.boundsMs;
  return (
    cells.maxPairs === options.maxPairs &&
    cells.boundsMs.length === bounds.length &&
    cells.boundsMs.every((bound, i) => bound === bounds[i])
  );
}

function snapshot(counts: CellCounts): Snapshot {
  let samples = 0;
  for (const count of counts.buckets) samples += count;
  return { ...counts, samples };
}

function since(now: Snapshot, base: Snapshot | undefined): Snapshot {
  if (base === undefined) return now;
  const buckets = now.buckets.map((n, i) => n - base.buckets[i]!);
  return {
    requests: now.requests - base.requests,
    errors: now.errors - base.errors,
    aborts: now.aborts - base.aborts,
    samples: now.samples - base.samples,
    sumMs: now.sumMs - base.sumMs,
    buckets,
  };
}

/**
 * The key of a client's way to open an `OutcomeCounter`: a symbol that only `@rampkit/core/internal`
 * hands out (through `countOutcomes`), off the client's public surface.
 */
export const OUTCOME_COUNTS: unique symbol = Symbol('rampkit.outcomeCounts');

/** What `countOutcomes` may find on a client. */
export interface OutcomeCountsHolder {
  [OUTCOME_COUNTS]?(options: OutcomeCountsOptions): OutcomeCounter | undefined;
}

/**
 * Opens a reader of `client`'s outcome counts; undefined for a client of another copy of core (an
 * ESM and a CJS build side by side), or one already read with other buckets or another bound, which
 * an exporter then observes through `ClientObserver.outcomes`.
 */
export function countOutcomes(client: object, options: OutcomeCountsOptions): OutcomeCounter | undefined {
  const holder = client as OutcomeCountsHolder;
  return typeof holder[OUTCOME_COUNTS] === 'function' ? holder[OUTCOME_COUNTS](options) : undefined;
}
