import { type DigestPrefix, digest, digestPrefix } from '../bucketing/digest.js';
import { ArrivalRing } from '../internal/arrival-ring.js';

/** What identifies a flag version to the dedup; the client passes its compiled flags. */
export interface ExposedFlag {
  readonly key: string;
  readonly version: number;
}

/**
 * Remembers which (flag, version, unit) triples were exposed recently so that a unit evaluated on
 * every request yields one exposure per window, not one per request. Bounded twice over: it keeps
 * the triples of its last `maxEntries` exposures, forgetting the oldest first (an exposure renewed
 * after its window counts as the newest), and each entry is a 53-bit digest of the triple, not the unit id itself, so an
 * entry takes the same few dozen bytes whatever the length of an id a client sent
 * (bench/hostile-ids).
 *
 * Two triples with the same digest share an entry: the second one's exposure is suppressed, once,
 * within the window, as if it were a duplicate; nothing else follows from it. With 100,000 entries
 * the chance that any two collide is about 5 in 10 million. The seeds are drawn at random per
 * instance, so nobody outside the process can choose ids whose digests pile up in one bucket of the
 * Map's hash table (number keys are hashed without a seed of the engine's own).
 */
export class ExposureDedup {
  /** Digest → time of its last exposure. */
  readonly #seen = new Map<number, number>();
  /**
   * The digests and times of the last `maxEntries` exposures, in lockstep. A renewed triple's earlier
   * slot stays behind; when the ring reaches it, the time no longer matches and nothing is forgotten.
   */
  readonly #order: ArrivalRing<number>;
  readonly #times: ArrivalRing<number>;
  readonly #windowMs: number;
  readonly #highSeed: number;
  readonly #lowSeed: number;
  /** Each flag version's digest state after `<key length>:<key><version>:`, made once. */
  readonly #prefixes = new WeakMap<ExposedFlag, DigestPrefix>();

  constructor(windowMs: number, maxEntries: number) {
    this.#windowMs = windowMs;
    this.#order = new ArrivalRing(maxEntries);
    this.#times = new ArrivalRing(maxEntries);
    // Web Crypto, global in Node 20 and in edge runtimes: no `node:` import in core's main entry.
    const [high, low] = globalThis.crypto.getRandomValues(new Uint32Array(2));
    this.#highSeed = high!;
    this.#lowSeed = low!;
  }

  /** True when this triple was not seen within the window (and records it as seen now). */
  shouldEmit(flag: ExposedFlag, unit: string, now: number): boolean {
    const key = digest(this.#prefix(flag), unit);
    const last = this.#seen.get(key);
    if (last !== undefined && now - last < this.#windowMs) return false;
    this.#seen.set(key, now);
    const gone = this.#order.admit(key);
    const goneAt = this.#times.admit(now);
    if (gone !== undefined && this.#seen.get(gone) === goneAt) this.#seen.delete(gone);
    return true;
  }

  get size(): number {
    return this.#seen.size;
  }

  clear(): void {
    this.#seen.clear();
    this.#order.clear();
    this.#times.clear();
  }

  #prefix(flag: ExposedFlag): DigestPrefix {
    let prefix = this.#prefixes.get(flag);
    if (prefix === undefined) {
      // The key's length first: no flag key and unit can run together into another pair's text.
      const text = `${flag.key.length}:${flag.key}${flag.version}:`;
      prefix = digestPrefix(text, this.#highSeed, this.#lowSeed);
      this.#prefixes.set(flag, prefix);
    }
    return prefix;
  }
}
