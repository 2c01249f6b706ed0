/**
 * The order in which a bounded cache admitted its entries, so that it forgets the oldest in constant
 * work. A Map iterates in insertion order, but asking it for its first key costs a step per entry
 * deleted since its last rehash (V8 leaves deleted slots in place and iteration skips them), so a
 * full cache that evicts through `keys().next()` pays for every eviction before it: tens of
 * microseconds per insert at 100,000+ entries (bench/README.md, "Tracking"). The request path's
 * caches bounded by a count (the exposure dedup, the tracker's unit ledger) forget through one.
 */
export class ArrivalRing<T> {
  readonly capacity: number;
  /** Items in order of arrival; once `capacity` long, `#oldest` is where the next one overwrites. */
  #items: T[] = [];
  #oldest = 0;

  constructor(capacity: number) {
    // NaN and negative bounds keep nothing, as 0 does.
    this.capacity = Math.max(0, Math.floor(capacity) || 0);
  }

  get length(): number {
    return this.#items.length;
  }

  /**
   * Admits `item` as the newest and returns what leaves: the oldest item once `capacity` are held,
   * `item` itself when the capacity is 0 (nothing is kept), otherwise undefined. The caller forgets
   * whatever is returned.
   */
  admit(item: T): T | undefined {
    if (this.#items.length < this.capacity) {
      this.#items.push(item);
      return undefined;
    }
    if (this.capacity === 0) return item;
    const oldest = this.#items[this.#oldest];
    this.#items[this.#oldest] = item;
    this.#oldest = this.#oldest + 1 === this.capacity ? 0 : this.#oldest + 1;
    return oldest;
  }

  clear(): void {
    this.#items = [];
    this.#oldest = 0;
  }
}
