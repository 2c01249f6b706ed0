/**
 * What an outcome counts as, as the log keeps it: `SUCCESS`, `ERROR`, or `ABORTED` (the client went
 * away and it was not an error: counted apart, without latency).
 */
export type OutcomeKind = 0 | 1 | 2;
export const SUCCESS: OutcomeKind = 0;
export const ERROR: OutcomeKind = 1;
export const ABORTED: OutcomeKind = 2;

/** Calls (one per request or `record`) held before the log must be counted. */
const MAX_CALLS = 512;
/** Flag and variation names held before the log must be counted (two per outcome). */
const MAX_NAMES = 2048;
/** Per call: time, kind, latency (NaN when none), number of names. */
const FIELDS = 4;

/** Receives each logged outcome when the log is counted. */
export type OutcomeVisitor = (
  flagKey: string,
  variation: string,
  now: number,
  kind: OutcomeKind,
  latencyMs: number,
) => void;

/**
 * Outcomes as recorded on the request path, waiting to be counted into windows.
 *
 * Counting an outcome where it happens means walking the windows' maps and the latency histogram:
 * a dozen dependent memory reads, which a server's request handling has evicted from the CPU caches
 * since the previous request, so each one is a cache miss. In bench/http that made recording two
 * outcomes cost more than evaluating three flags. Appending to two flat arrays touches one or two
 * cache lines instead, and counting a few hundred outcomes in a row finds the maps in cache.
 * The log is bounded (a few hundred requests); the aggregator counts it when it is full and before
 * anything reads the windows.
 */
export class OutcomeLog {
  readonly #numbers = new Float64Array(MAX_CALLS * FIELDS);
  // Preallocated and overwritten in place, so that appending never grows or reallocates it.
  readonly #names: string[] = new Array<string>(MAX_NAMES).fill('');
  #calls = 0;
  #nameCount = 0;

  get isEmpty(): boolean {
    return this.#calls === 0;
  }

  /**
   * Whether `names` more names fit. The caller counts the log first when they do not; a single call
   * with more names than the log holds is counted directly instead.
   */
  fits(names: number): boolean {
    return this.#calls < MAX_CALLS && this.#nameCount + names <= MAX_NAMES;
  }

  static holds(names: number): boolean {
    return names <= MAX_NAMES;
  }

  /** Appends one outcome for each (flag, variation) pair of `pairs`; the caller checked `fits`. */
  append(now: number, kind: OutcomeKind, latencyMs: number, pairs: readonly string[]): void {
    const count = pairs.length - (pairs.length % 2);
    if (count === 0) return;
    const names = this.#names;
    let at = this.#nameCount;
    for (let i = 0; i < count; i++) names[at++] = pairs[i]!;
    this.#push(now, kind, latencyMs, count);
  }

  /** Appends one outcome of one (flag, variation); the caller checked `fits(2)`. */
  appendOne(now: number, kind: OutcomeKind, latencyMs: number, flagKey: string, variation: string): void {
    this.#names[this.#nameCount] = flagKey;
    this.#names[this.#nameCount + 1] = variation;
    this.#push(now, kind, latencyMs, 2);
  }

  /** Hands every logged outcome to `visit`, oldest first, and empties the log. */
  drain(visit: OutcomeVisitor): void {
    const numbers = this.#numbers;
    const names = this.#names;
    const calls = this.#calls;
    // Emptied first: an outcome is counted at most once even if `visit` throws midway.
    this.#calls = 0;
    this.#nameCount = 0;
    let name = 0;
    for (let call = 0; call < calls; call++) {
      const base = call * FIELDS;
      const now = numbers[base]!;
      const kind = numbers[base + 1] as OutcomeKind;
      const latencyMs = numbers[base + 2]!;
      const end = name + numbers[base + 3]!;
      for (; name < end; name += 2) visit(names[name]!, names[name + 1]!, now, kind, latencyMs);
    }
  }

  #push(now: number, kind: OutcomeKind, latencyMs: number, names: number): void {
    const base = this.#calls * FIELDS;
    const numbers = this.#numbers;
    numbers[base] = now;
    numbers[base + 1] = kind;
    numbers[base + 2] = latencyMs;
    numbers[base + 3] = names;
    this.#calls += 1;
    this.#nameCount += names;
  }
}
