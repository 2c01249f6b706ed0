/**
 * Remembers which (flag, version, unit) triples were exposed recently so that a unit evaluated on
 * every request yields one exposure per window, not one per request. Bounded: past `maxEntries`
 * the oldest entries are forgotten first (a Map iterates in insertion order, and a refresh
 * re-inserts), so memory stays flat however many distinct units pass through.
 */
export class ExposureDedup {
  readonly #seen = new Map<string, number>();
  readonly #windowMs: number;
  readonly #maxEntries: number;

  constructor(windowMs: number, maxEntries: number) {
    this.#windowMs = windowMs;
    this.#maxEntries = maxEntries;
  }

  /** True when this triple was not seen within the window (and records it as seen now). */
  shouldEmit(flagKey: string, version: number, unit: string, now: number): boolean {
    const key = `${flagKey}\u0000${version}\u0000${unit}`;
    const last = this.#seen.get(key);
    if (last !== undefined && now - last < this.#windowMs) return false;
    if (last !== undefined) this.#seen.delete(key);
    this.#seen.set(key, now);
    if (this.#seen.size > this.#maxEntries) {
      const oldest = this.#seen.keys().next();
      if (!oldest.done) this.#seen.delete(oldest.value);
    }
    return true;
  }

  get size(): number {
    return this.#seen.size;
  }

  clear(): void {
    this.#seen.clear();
  }
}
