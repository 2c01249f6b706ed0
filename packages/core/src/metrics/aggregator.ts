import { RampkitError } from '../errors/errors.js';
import { toError } from '../errors/to-error.js';
import { unref } from '../internal/unref.js';
import type { MetricsStore } from '../stores/types.js';
import { LatencyHistogram } from './histogram.js';
import type { OutcomeCell, OutcomeCells } from './outcome-cells.js';
import { ABORTED, ERROR, kindOf, latencyOf, type OutcomeKind } from './outcome-kind.js';
import type { MetricsWindow, Outcome } from './types.js';

/** How many (flag, variation) pairs of the current window `#totals` remembers (see `#recent`). */
const RECENT_PAIRS = 8;

export interface MetricsAggregatorOptions {
  /**
   * Where flushes write. Without a store nothing is written: windows stay in memory, up to
   * `maxPendingWindows`, for `snapshot()`.
   */
  store?: MetricsStore;
  /** Length of a window in milliseconds; windows start at multiples of it. @default 10_000 */
  windowMs?: number;
  /** Period of the background flush, when there is a store. @default 5_000 */
  flushIntervalMs?: number;
  /**
   * Most windows held at once (while the store is unreachable, or without a store). Beyond it
   * the oldest windows are dropped and counted in `stats.dropped`. @default 10_000
   */
  maxPendingWindows?: number;
  /**
   * The clock, in epoch milliseconds. @default the wall clock: `Date.now()`, read when a window
   * starts, with a timer to end it (see `#wallClock`)
   */
  now?: (() => number) | undefined;
  /** Sent with every window, for diagnostics. @default undefined (not sent) */
  instanceId?: string;
  /** Called with every failed write (the batch is kept for the next flush). @default undefined */
  onError?: (error: Error) => void;
}

export interface MetricsAggregatorStats {
  /** Outcomes counted into a window. */
  recorded: number;
  /** Windows the store accepted. */
  flushedWindows: number;
  /** Windows dropped because more than `maxPendingWindows` were held. */
  dropped: number;
  /** Windows held now, not yet written. */
  pendingWindows: number;
  /** Writes the store refused or failed (their windows were kept for the next flush). */
  flushFailures: number;
}

interface WindowTotals {
  readonly flagKey: string;
  readonly variation: string;
  readonly windowStart: number;
  requests: number;
  errors: number;
  aborted: number;
  readonly latency: LatencyHistogram;
  /** Set when a write of this window failed: the retry goes out under the same id. */
  writeId: string | undefined;
  /** The pair's cumulative cell while an exporter reads them (`countInto`): it takes these totals in. */
  cell: OutcomeCell | undefined;
}

/** windowStart → flag key → variation → totals. Nested maps let `record` look up without building a key. */
type Windows = Map<number, Map<string, Map<string, WindowTotals>>>;

/**
 * The hot-path recorder behind `client.record`: counts outcomes per (flag, variation, window) in
 * memory and hands the windows to the store in one `writeMetrics` call per flush, so store writes
 * grow with instances × windows, never with requests.
 *
 * Each outcome is counted where it is recorded, with the current window and its recent pairs at
 * hand: cheaper than batching outcomes in a log (bench/http/README.md).
 *
 * An outcome with `error` counts as a request and an error; one with only `aborted` counts in
 * `aborted` alone (neither a request nor a latency sample); any other counts as a request. Latency is
 * recorded for requests, not for aborted ones.
 *
 * Flushes never overlap and never reject: a failed write keeps its windows, merged with whatever is
 * recorded meanwhile, for the next flush, and is reported to `onError`.
 */
export class MetricsAggregator {
  readonly #store: MetricsStore | undefined;
  readonly #windowMs: number;
  readonly #maxPending: number;
  /** The clock given, or undefined for the wall clock (`#wallClock`). */
  readonly #now: (() => number) | undefined;
  // Without a clock given, recording reads no clock (a clock read is a runtime call per request:
  // bench/http/README.md): Date.now() is read when a window opens (`#openedAt`), and `#windowTimer`
  // closes the window when it ends.
  #openedAt: number | undefined;
  #windowTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #instanceId: string | undefined;
  readonly #onError: ((error: Error) => void) | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  #windows: Windows = new Map();
  #size = 0;
  // The window outcomes are landing in now, so that counting skips the window arithmetic and the
  // lookup by start; dropped whenever windows are cleared or evicted.
  #current: Map<string, Map<string, WindowTotals>> | undefined;
  // The totals last found in `#current`, as [flag, variation, totals, …]: a request records the same
  // few pairs over and over, and comparing them (usually the very same strings) costs less than the
  // two map lookups. Emptied whenever `#current` changes, so it never holds totals of another window.
  readonly #recent: (string | WindowTotals)[] = [];
  #currentStart = 0;
  #currentEnd = 0;
  /** Set when a window older than the newest was added, so the map is no longer in time order. */
  #unordered = false;
  #newestStart = Number.NEGATIVE_INFINITY;
  #recorded = 0;
  #flushedWindows = 0;
  #dropped = 0;
  #flushFailures = 0;
  /** Prefix of this aggregator's write ids; `#writes` numbers them. */
  readonly #writerId = randomWriterId();
  #writes = 0;
  /** Where outcomes are also counted cumulatively, while an exporter reads them (`countInto`). */
  #cells: OutcomeCells | undefined;
  /** The totals of the windows being written, taken into their cells once the store has them. */
  #writing: WindowTotals[] = [];
  #inFlight: Promise<void> | undefined;
  #queued: Promise<void> | undefined;
  #closed = false;

  /** @throws RampkitError `RAMPKIT_INVALID_ARGUMENT` when a duration is not positive or the bound not a positive integer */
  constructor(options: MetricsAggregatorOptions = {}) {
    const windowMs = options.windowMs ?? 10_000;
    const flushIntervalMs = options.flushIntervalMs ?? 5_000;
    const maxPending = options.maxPendingWindows ?? 10_000;
    requirePositive('windowMs', windowMs);
    requirePositive('flushIntervalMs', flushIntervalMs);
    requirePositive('maxPendingWindows', maxPending, true);
    this.#store = options.store;
    this.#windowMs = windowMs;
    this.#maxPending = maxPending;
    this.#now = options.now;
    this.#instanceId = options.instanceId;
    this.#onError = options.onError;
    if (this.#store !== undefined) {
      const timer = setInterval(() => void this.flush(), flushIntervalMs);
      unref(timer);
      this.#timer = timer;
    }
  }

  get stats(): MetricsAggregatorStats {
    return {
      recorded: this.#recorded,
      flushedWindows: this.#flushedWindows,
      dropped: this.#dropped,
      pendingWindows: this.#size,
      flushFailures: this.#flushFailures,
    };
  }

  /** Counts one outcome in the current window. No I/O; never throws; a no-op after `close()`. */
  record(flagKey: string, variation: string, outcome: Outcome): void {
    if (this.#closed) return;
    try {
      const now = this.#now === undefined ? this.#wallClock() : this.#now();
      if (!Number.isFinite(now)) return;
      this.#count(this.#totals(flagKey, variation, now), kindOf(outcome), latencyOf(outcome));
    } catch (error) {
      this.#report(error);
    }
  }

  /**
   * `record` of one outcome for each pair of `pairs` ([flag, variation, flag, variation, …]), in the
   * same window: what a request that served several tracked flags reports, with one clock read.
   */
  recordAll(pairs: readonly string[], outcome: Outcome): void {
    if (this.#closed) return;
    try {
      // The open window's time read here: returned by `#wallClock`, it is a new heap number a call.
      const openedAt = this.#openedAt;
      const now =
        this.#now !== undefined ? this.#now() : openedAt !== undefined ? openedAt : this.#wallClock();
      if (!Number.isFinite(now)) return;
      const kind = kindOf(outcome);
      const latencyMs = latencyOf(outcome);
      for (let i = 0; i + 1 < pairs.length; i += 2) {
        this.#count(this.#totals(pairs[i]!, pairs[i + 1]!, now), kind, latencyMs);
      }
    } catch (error) {
      this.#report(error);
    }
  }

  /**
   * Counts every outcome from now on in `cells` too (undefined: stops). Outcomes are counted once, in
   * the window totals: the cells read the totals held and being written (`OutcomeCells.follow`) and
   * take each in when its window leaves. The cells followed before take in all they were reading,
   * so that what they report no longer moves.
   */
  countInto(cells: OutcomeCells | undefined): void {
    if (this.#cells !== undefined) {
      this.#cells.follow(undefined);
      this.#forEachTotals((totals) => this.#settle(totals));
      for (const totals of this.#writing) this.#settle(totals);
    }
    this.#cells = cells;
    if (cells === undefined) return;
    // The windows being written get no cell: what they hold was recorded before these cells.
    this.#forEachTotals((totals) => {
      totals.cell = cells.cell(totals.flagKey, totals.variation);
    });
    cells.follow((take) => {
      this.#forEachTotals(take);
      for (const totals of this.#writing) take(totals);
    });
  }

  /**
   * Writes every held window to the store in one call. When a flush is running, resolves after it
   * and one more flush that includes what was recorded since. Never rejects; without a store, a no-op.
   */
  flush(): Promise<void> {
    if (this.#inFlight === undefined) return this.#startFlush();
    this.#queued ??= this.#inFlight.then(() => {
      this.#queued = undefined;
      return this.#inFlight ?? this.#startFlush();
    });
    return this.#queued;
  }

  /** Copies of the windows held now (not yet written), oldest first. */
  snapshot(): MetricsWindow[] {
    return this.#collect().sort((a, b) => a.windowStart - b.windowStart);
  }

  /** Stops the timer and flushes what is left. Later `record` calls are ignored. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer !== undefined) {
      clearInterval(this.#timer);
      this.#timer = undefined;
    }
    clearTimeout(this.#windowTimer);
    this.#windowTimer = undefined;
    await this.flush();
  }

  #startFlush(): Promise<void> {
    const run: Promise<void> = this.#write().finally(() => {
      if (this.#inFlight === run) this.#inFlight = undefined;
    });
    this.#inFlight = run;
    return run;
  }

  async #write(): Promise<void> {
    const store = this.#store;
    if (store === undefined) return;
    if (this.#size === 0) return;
    const batch = this.#collect(true);
    const writing: WindowTotals[] = [];
    this.#forEachTotals((totals) => writing.push(totals));
    this.#writing = writing;
    this.#clear();
    try {
      await store.writeMetrics(batch);
      this.#flushedWindows += batch.length;
      for (const totals of this.#writing) this.#settle(totals);
      this.#writing = [];
    } catch (error) {
      this.#flushFailures += 1;
      // The windows come back as they were, so their totals are no longer being written.
      this.#writing = [];
      this.#restore(batch);
      this.#report(error);
    }
  }

  /**
   * A time in the window Date.now() is in: while a window is open, the time it was opened at. An
   * outcome recorded after its window's end but before the timer has run (the event loop was busy)
   * still counts in that window, as if the request had ended a little earlier. A step of the system
   * clock is followed when the window open at the time ends.
   */
  #wallClock(): number {
    if (this.#openedAt !== undefined) return this.#openedAt;
    const now = Date.now();
    if (!Number.isFinite(now)) return now;
    this.#openedAt = now;
    const end = (Math.floor(now / this.#windowMs) + 1) * this.#windowMs;
    const timer = setTimeout(() => {
      this.#openedAt = undefined;
      this.#windowTimer = undefined;
    }, end - now);
    unref(timer);
    this.#windowTimer = timer;
    return now;
  }

  /** The totals of (flag, variation) in the window holding `now`, created when missing. */
  #totals(flagKey: string, variation: string, now: number): WindowTotals {
    let flags = this.#current;
    const recent = this.#recent;
    if (flags === undefined || !(now >= this.#currentStart && now < this.#currentEnd)) {
      const windowStart = Math.floor(now / this.#windowMs) * this.#windowMs;
      flags = this.#windows.get(windowStart);
      if (flags === undefined) return this.#addWindow(flagKey, variation, windowStart, true);
      this.#setCurrent(flags);
      this.#currentStart = windowStart;
      this.#currentEnd = windowStart + this.#windowMs;
    } else {
      for (let i = 0; i < recent.length; i += 3) {
        if (recent[i] === flagKey && recent[i + 1] === variation) return recent[i + 2] as WindowTotals;
      }
    }
    const totals =
      flags.get(flagKey)?.get(variation) ?? this.#addWindow(flagKey, variation, this.#currentStart, true);
    // `#addWindow` may have evicted, and with it emptied `#current`: remember only what is still there.
    if (this.#current === flags && recent.length < 3 * RECENT_PAIRS) recent.push(flagKey, variation, totals);
    return totals;
  }

  #setCurrent(flags: Map<string, Map<string, WindowTotals>> | undefined): void {
    this.#current = flags;
    this.#recent.length = 0;
  }

  #count(totals: WindowTotals, kind: OutcomeKind, latencyMs: number): void {
    if (kind === ABORTED) {
      totals.aborted += 1;
    } else {
      totals.requests += 1;
      if (kind === ERROR) totals.errors += 1;
      // The histogram ignores NaN (no latency given), negative and infinite latencies (−1).
      const index = totals.latency.record(latencyMs);
      const cell = totals.cell;
      // What a cell cannot read from the window: a sample in a bucket that straddles one of its bounds.
      if (cell !== undefined && index >= 0 && cell.slots[index]! < 0) cell.sample(latencyMs);
    }
    this.#recorded += 1;
  }

  /** Has `totals`' cell, if any, take its counts in, for good: the window is leaving. */
  #settle(totals: WindowTotals): void {
    totals.cell?.absorb(totals);
    totals.cell = undefined;
  }

  /** Calls `take` with each window totals held now. */
  #forEachTotals(take: (totals: WindowTotals) => void): void {
    for (const flags of this.#windows.values()) {
      for (const variations of flags.values()) {
        for (const totals of variations.values()) take(totals);
      }
    }
  }

  #addWindow(flagKey: string, variation: string, windowStart: number, evict: boolean): WindowTotals {
    if (evict && this.#size >= this.#maxPending) this.#evictOldest(this.#size - this.#maxPending + 1);
    let flags = this.#windows.get(windowStart);
    if (flags === undefined) {
      flags = new Map();
      this.#windows.set(windowStart, flags);
      if (windowStart < this.#newestStart) this.#unordered = true;
      else this.#newestStart = windowStart;
    }
    let variations = flags.get(flagKey);
    if (variations === undefined) {
      variations = new Map();
      flags.set(flagKey, variations);
    }
    const totals: WindowTotals = {
      flagKey,
      variation,
      windowStart,
      requests: 0,
      errors: 0,
      aborted: 0,
      latency: new LatencyHistogram(),
      writeId: undefined,
      cell: this.#cells?.cell(flagKey, variation),
    };
    variations.set(variation, totals);
    this.#size += 1;
    return totals;
  }

  /** Puts a batch the store refused back, summed with what was recorded since, then applies the bound. */
  #restore(batch: readonly MetricsWindow[]): void {
    for (const window of batch) {
      const totals =
        this.#windows.get(window.windowStart)?.get(window.flagKey)?.get(window.variation) ??
        this.#addWindow(window.flagKey, window.variation, window.windowStart, false);
      totals.requests += window.requests;
      totals.errors += window.errors;
      totals.aborted += window.aborted;
      totals.latency.merge(window.latency);
      // Each window appears once in a batch, and the totals recorded since the batch was taken have
      // never been written, so the window's id passes to them with its counts.
      totals.writeId = window.writeId;
    }
    if (this.#size > this.#maxPending) this.#evictOldest(this.#size - this.#maxPending);
  }

  #evictOldest(count: number): void {
    if (this.#unordered) {
      this.#windows = new Map(Array.from(this.#windows).sort((a, b) => a[0] - b[0]));
      this.#unordered = false;
    }
    let left = count;
    for (const [windowStart, flags] of this.#windows) {
      for (const [flagKey, variations] of flags) {
        for (const [variation, totals] of variations) {
          if (left === 0) break;
          variations.delete(variation);
          this.#settle(totals);
          left -= 1;
        }
        if (variations.size === 0) flags.delete(flagKey);
        if (left === 0) break;
      }
      if (flags.size === 0) this.#windows.delete(windowStart);
      if (left === 0) break;
    }
    this.#setCurrent(undefined);
    const evicted = count - left;
    this.#size -= evicted;
    this.#dropped += evicted;
  }

  /** Copies of the held windows; `forWrite` gives each a `writeId` (kept from a failed write, else new). */
  #collect(forWrite = false): MetricsWindow[] {
    const windows: MetricsWindow[] = [];
    for (const flags of this.#windows.values()) {
      for (const variations of flags.values()) {
        for (const totals of variations.values()) {
          const window = this.#toWindow(totals);
          if (forWrite) window.writeId = totals.writeId ?? `${this.#writerId}:${++this.#writes}`;
          windows.push(window);
        }
      }
    }
    return windows;
  }

  #clear(): void {
    this.#windows = new Map();
    this.#setCurrent(undefined);
    this.#size = 0;
    this.#unordered = false;
    this.#newestStart = Number.NEGATIVE_INFINITY;
  }

  #toWindow(totals: WindowTotals): MetricsWindow {
    const window: MetricsWindow = {
      flagKey: totals.flagKey,
      variation: totals.variation,
      windowStart: totals.windowStart,
      windowMs: this.#windowMs,
      requests: totals.requests,
      errors: totals.errors,
      aborted: totals.aborted,
      latency: totals.latency.toData(),
    };
    if (this.#instanceId !== undefined) window.instanceId = this.#instanceId;
    return window;
  }

  #report(error: unknown): void {
    const reported = toError(error);
    try {
      this.#onError?.(reported);
    } catch {
      // A throwing error handler must not break recording or flushing.
    }
  }
}

function requirePositive(name: string, value: number, integer = false): void {
  if (value > 0 && value < Number.POSITIVE_INFINITY && (!integer || Number.isInteger(value))) return;
  const expected = integer ? 'a positive integer' : 'a positive number';
  throw new RampkitError(
    'RAMPKIT_INVALID_ARGUMENT',
    `MetricsAggregator: ${name} must be ${expected}, got ${value}`,
  );
}

/** Twelve random base-36 characters (over 50 random bits): write ids of two processes do not meet. */
function randomWriterId(): string {
  let id = '';
  while (id.length < 12) id += Math.random().toString(36).slice(2);
  return id.slice(0, 12);
}
