import { RampkitError } from '../errors/errors.js';
import type { HistogramData } from './types.js';

/*
 * Bucket layout. Every reader of `HistogramData` (the Redis store, ports to other languages) relies
 * on it, so it never changes; a new layout would need a new field.
 *
 * A latency of `ms` milliseconds is recorded as `u = round(ms × 1000)` whole microseconds, capped at
 * 2³² − 1 µs (about 71.6 minutes; `max` and `sum` stay exact). Its bucket index is, HdrHistogram-style:
 *
 *   u < 128:  index = u                                   (1 µs wide)
 *   u ≥ 128:  shift = floor(log2(u)) − 6;  index = 64·shift + (u >> shift)
 *
 * so each power of two [2^e, 2^(e+1)) µs from 128 µs up is cut into 64 linear sub-buckets of
 * 2^(e−6) µs. Index i covers the whole microseconds [lower, lower + width) where, for i < 128,
 * lower = i and width = 1, and otherwise shift = floor(i / 64) − 1, lower = (64 + i mod 64) · 2^shift,
 * width = 2^shift. Indices run from 0 to 1727.
 *
 * A bucket stands for the middle of the latencies that round into it, lower + (width − 1) / 2 µs.
 * Its distance to any of them is at most width / 2, hence the relative error of a quantile: at most
 * 1/128 (0.79%) from 128 µs up, and at most 1.01% from 0.05 ms; below 0.05 ms the error is ≤ 0.5 µs.
 *
 * Quantiles use the nearest-rank definition: the q-quantile of n samples is the ⌈q·n⌉-th smallest
 * (the smallest for q = 0). Because the index is monotone in the latency, that sample lies in the
 * bucket where the running count first reaches ⌈q·n⌉, so the bound above holds for every quantile.
 */

const SUB_BUCKET_BITS = 6;
const SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
const LINEAR_LIMIT = 2 * SUB_BUCKETS;
const MAX_MICROS = 0xffffffff;
/** The index of the last bucket, the one holding latencies of 2³² − 1 µs and more. */
export const MAX_LATENCY_BUCKET = latencyBucketIndex(MAX_MICROS / 1000);
/** Groups of SUB_BUCKETS consecutive bucket indices that a `LatencyHistogram` keeps its counts in. */
const GROUPS = (MAX_LATENCY_BUCKET >>> SUB_BUCKET_BITS) + 1;

/**
 * The bucket of a latency in milliseconds (see the layout above). `ms` must be finite and ≥ 0.
 *
 * This and `#add` run for every recorded outcome, so they write the layout's numbers in place: the
 * bundler turns top-level `const` into `var`, loaded and checked on every use (bench/http/README.md).
 */
export function latencyBucketIndex(ms: number): number {
  const micros = Math.min(Math.round(ms * 1000), 0xffffffff);
  if (micros < 128) return micros;
  const shift = 31 - Math.clz32(micros) - 6;
  return 64 * shift + (micros >>> shift);
}

/** The latency, in milliseconds, that bucket `index` reports: the middle of its range. */
export function latencyBucketMidpoint(index: number): number {
  if (index < LINEAR_LIMIT) return index / 1000;
  const shift = Math.floor(index / SUB_BUCKETS) - 1;
  const width = 2 ** shift;
  const lower = (SUB_BUCKETS + (index % SUB_BUCKETS)) * width;
  return (lower + (width - 1) / 2) / 1000;
}

/**
 * The latencies, in milliseconds, that bucket `index` holds: those at least `lowerMs` and below
 * `upperMs` (a latency rounds to whole microseconds before it is bucketed). The last bucket holds
 * every larger latency too: its `upperMs` is +∞.
 */
export function latencyBucketRange(index: number): { lowerMs: number; upperMs: number } {
  let lower: number;
  let width: number;
  if (index < LINEAR_LIMIT) {
    lower = index;
    width = 1;
  } else {
    const shift = Math.floor(index / SUB_BUCKETS) - 1;
    width = 2 ** shift;
    lower = (SUB_BUCKETS + (index % SUB_BUCKETS)) * width;
  }
  const upperMs = index >= MAX_LATENCY_BUCKET ? Number.POSITIVE_INFINITY : (lower + width - 0.5) / 1000;
  return { lowerMs: Math.max(0, (lower - 0.5) / 1000), upperMs };
}

/** A histogram with no samples. Empty histograms report 0 as `min` and `max` (JSON has no ±Infinity). */
export function emptyHistogramData(): HistogramData {
  return { buckets: {}, count: 0, sum: 0, min: 0, max: 0 };
}

/**
 * A mergeable latency histogram with fixed log-linear buckets: quantile estimates are within 1.01%
 * of the exact (nearest-rank) quantile for latencies from 0.05 ms to 71 minutes, and histograms
 * recorded in different processes merge by adding bucket counts.
 *
 * Negative, NaN and infinite latencies are ignored: they are counted nowhere, not even in `count`.
 */
export class LatencyHistogram {
  // Counts by bucket index, in groups of SUB_BUCKETS consecutive indices, each made when one of its
  // buckets is first used. Counting a sample is two array reads where a Map needed two hash lookups
  // (get, then set) on the request path, and the buckets come out in index order without sorting.
  // A histogram of latencies spanning 0.2–50 ms uses 9 groups of 512 bytes.
  readonly #groups: (Float64Array | undefined)[] = new Array<Float64Array | undefined>(GROUPS).fill(
    undefined,
  );
  #count = 0;
  #sum = 0;
  #min = Number.POSITIVE_INFINITY;
  #max = Number.NEGATIVE_INFINITY;

  static fromData(data: HistogramData): LatencyHistogram {
    const histogram = new LatencyHistogram();
    histogram.merge(data);
    return histogram;
  }

  /** Number of latencies recorded (or merged in). */
  get count(): number {
    return this.#count;
  }

  /** Sum of the latencies recorded (or merged in), in milliseconds. */
  get sum(): number {
    return this.#sum;
  }

  /**
   * Records one latency in milliseconds and returns its bucket index, or −1 for a latency ignored.
   * Allocates only the first time a group of buckets is used.
   */
  record(ms: number): number {
    if (!(ms >= 0 && ms < Number.POSITIVE_INFINITY)) return -1;
    const index = latencyBucketIndex(ms);
    this.#add(index, 1);
    this.#count += 1;
    this.#sum += ms;
    if (ms < this.#min) this.#min = ms;
    if (ms > this.#max) this.#max = ms;
    return index;
  }

  /** Calls `visit` with each used bucket's index and count, in ascending index order. */
  forEachBucket(visit: (index: number, count: number) => void): void {
    const groups = this.#groups;
    for (let at = 0; at < groups.length; at++) {
      const group = groups[at];
      if (group === undefined) continue;
      for (let i = 0; i < SUB_BUCKETS; i++) {
        if (group[i] !== 0) visit((at << SUB_BUCKET_BITS) + i, group[i]!);
      }
    }
  }

  /**
   * Adds every sample of `other`. From `HistogramData`, bucket entries that are not a valid index
   * with a positive integer count are skipped, and `count` is the sum of the entries taken.
   */
  merge(other: LatencyHistogram | HistogramData): void {
    let added = 0;
    if (other instanceof LatencyHistogram) {
      const groups = other.#groups;
      for (let at = 0; at < groups.length; at++) {
        const source = groups[at];
        if (source === undefined) continue;
        let group = this.#groups[at];
        if (group === undefined) {
          group = new Float64Array(SUB_BUCKETS);
          this.#groups[at] = group;
        }
        for (let i = 0; i < SUB_BUCKETS; i++) group[i]! += source[i]!;
      }
      added = other.#count;
    } else {
      // Straight from the object: readers merge hundreds of stored windows per analysis.
      const buckets = other.buckets;
      for (const key in buckets) {
        if (!Object.hasOwn(buckets, key)) continue;
        const index = bucketIndexOf(key);
        const n = buckets[key];
        if (index < 0 || n === undefined || !Number.isSafeInteger(n) || n <= 0) continue;
        this.#add(index, n);
        added += n;
      }
    }
    if (added === 0) return;
    const source = other instanceof LatencyHistogram ? other.#extremes() : other;
    this.#count += added;
    this.#sum += source.sum;
    this.#min = Math.min(this.#min, source.min);
    this.#max = Math.max(this.#max, source.max);
  }

  /**
   * The q-quantile in milliseconds (nearest rank), NaN when empty. q = 0 and q = 1 return the exact
   * smallest and largest latency.
   * @throws RampkitError `RAMPKIT_INVALID_ARGUMENT` when q is not in [0, 1]
   */
  quantile(q: number): number {
    return quantileOfSorted(this.#entries(), this.#count, this.#min, this.#max, q);
  }

  /** A serialisable copy: bucket index (as a string) → count, in ascending index order. */
  toData(): HistogramData {
    if (this.#count === 0) return emptyHistogramData();
    const buckets: Record<string, number> = {};
    for (const [index, n] of this.#entries()) buckets[index] = n;
    return { buckets, count: this.#count, sum: this.#sum, min: this.#min, max: this.#max };
  }

  /** Adds `n` to bucket `index`; groups of 64 (SUB_BUCKETS), written in place (see `latencyBucketIndex`). */
  #add(index: number, n: number): void {
    const at = index >>> 6;
    let group = this.#groups[at];
    if (group === undefined) {
      group = new Float64Array(64);
      this.#groups[at] = group;
    }
    group[index & 63]! += n;
  }

  /** The used buckets as [index, count], in ascending index order. */
  #entries(): [number, number][] {
    const entries: [number, number][] = [];
    this.forEachBucket((index, n) => entries.push([index, n]));
    return entries;
  }

  #extremes(): { sum: number; min: number; max: number } {
    return { sum: this.#sum, min: this.#min, max: this.#max };
  }
}

/** The q-quantile of serialised histogram data, in milliseconds; the same as `LatencyHistogram.quantile`. */
export function quantileOf(data: HistogramData, q: number): number {
  const entries = sortedEntries(validEntries(data));
  let count = 0;
  for (const [, n] of entries) count += n;
  return quantileOfSorted(entries, count, data.min, data.max, q);
}

/** The histogram of the samples of both `a` and `b`; neither is modified. */
export function mergeHistogramData(a: HistogramData, b: HistogramData): HistogramData {
  const histogram = LatencyHistogram.fromData(a);
  histogram.merge(b);
  return histogram.toData();
}

/**
 * The bucket index a stored key names: a canonical decimal integer in range (no sign, no leading
 * zero, no exponent), else −1. Parsed by hand, since a merge reads every key of every window.
 */
function bucketIndexOf(key: string): number {
  const length = key.length;
  if (length === 0 || length > 4 || (length > 1 && key.charCodeAt(0) === 48)) return -1;
  let index = 0;
  for (let i = 0; i < length; i++) {
    const digit = key.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    index = index * 10 + digit;
  }
  return index <= MAX_LATENCY_BUCKET ? index : -1;
}

function validEntries(data: HistogramData): Map<number, number> {
  const entries = new Map<number, number>();
  for (const [key, n] of Object.entries(data.buckets)) {
    const index = Number(key);
    if (String(index) !== key || !Number.isInteger(index) || index < 0 || index > MAX_LATENCY_BUCKET)
      continue;
    if (!Number.isSafeInteger(n) || n <= 0) continue;
    entries.set(index, (entries.get(index) ?? 0) + n);
  }
  return entries;
}

function sortedEntries(counts: Map<number, number>): [number, number][] {
  return Array.from(counts).sort((a, b) => a[0] - b[0]);
}

function quantileOfSorted(
  entries: readonly [number, number][],
  count: number,
  min: number,
  max: number,
  q: number,
): number {
  if (!(q >= 0 && q <= 1)) {
    throw new RampkitError('RAMPKIT_INVALID_ARGUMENT', `quantile: q must be between 0 and 1, got ${q}`);
  }
  if (count === 0) return Number.NaN;
  // The epsilon keeps q·n that should be an integer (0.95 × 100 = 95.00000000000001) on its rank.
  const rank = Math.max(1, Math.ceil(q * count - 1e-9));
  if (rank === 1) return min;
  if (rank >= count) return max;
  let seen = 0;
  for (const [index, n] of entries) {
    seen += n;
    if (seen >= rank) return Math.min(Math.max(latencyBucketMidpoint(index), min), max);
  }
  return max;
}
