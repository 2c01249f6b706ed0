/** Number of buckets: weights and coverage are expressed in basis points of this range. */
export const BUCKETS = 10_000;
/** Seed of the hash that places a unit in a split. */
export const SPLIT_SEED = 0;
/** Seed of the independent hash that decides whether a unit is covered by an experiment. */
export const COVERAGE_SEED = 0x636f7665; // "cove"
/** Seed of the hash that places a unit in a mutual-exclusion layer. */
export const LAYER_SEED = 0x6c617972; // "layr"

// biome-ignore lint/suspicious/noControlCharactersInRegex: the range is the point: anything past ASCII
const NON_ASCII = /[^\x00-\x7f]/;
const encoder = new TextEncoder();

// MurmurHash3's multipliers, c1 = 0xcc9e2d51 and c2 = 0x1b873593, are written where they are used,
// as in the reference code: the bundler turns top-level `const` into `var`, loaded and checked on
// every use (bench/http/README.md).

/** True when `text` is pure ASCII, and so already its own UTF-8 encoding. */
export function isAscii(text: string): boolean {
  return !NON_ASCII.test(text);
}

/**
 * A string as murmurhash3js reads it: one character per UTF-8 byte ("binary string"). ASCII
 * strings already are their UTF-8 bytes and pass through untouched. Kept for ports and tests that
 * feed murmurhash3js directly.
 */
export function toHashInput(text: string): string {
  if (!NON_ASCII.test(text)) return text;
  const bytes = encoder.encode(text);
  let out = '';
  for (let i = 0; i < bytes.length; i += 4096) {
    out += String.fromCharCode.apply(null, bytes.subarray(i, i + 4096) as unknown as number[]);
  }
  return out;
}

/**
 * `mixBlock` in two halves, for `digest`, which mixes every block into two states: the first half
 * depends on the block alone, so it is done once for both.
 */
export function scrambleBlock(k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  return Math.imul(k, 0x1b873593);
}

export function mixScrambled(h: number, k: number): number {
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function mixBlock(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  h ^= Math.imul(k, 0x1b873593);
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** MurmurHash3's finalisation: the last 0–3 bytes (`tail`), the length, then the avalanche. */
export function finish(h: number, tail: number, length: number): number {
  if (length & 3) {
    tail = Math.imul(tail, 0xcc9e2d51);
    tail = (tail << 15) | (tail >>> 17);
    h ^= Math.imul(tail, 0x1b873593);
  }
  h ^= length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * MurmurHash3 x86_32 over bytes (Appleby's MurmurHash3.cpp, with Math.imul for 32-bit products).
 * Exported for adapters that must reproduce another SDK's choice of bytes (Unleash's Node client
 * hashes the low byte of each UTF-16 unit); Rampkit's own bucketing is `murmur3` over UTF-8.
 */
export function murmur3Bytes(bytes: Uint8Array, seed = 0): number {
  return hashBytes(bytes, seed);
}

function hashBytes(bytes: Uint8Array, seed: number): number {
  const length = bytes.length;
  const blocks = length & ~3;
  let h = seed | 0;
  let i = 0;
  for (; i < blocks; i += 4) {
    h = mixBlock(h, bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24));
  }
  let tail = 0;
  for (let shift = 0; i < length; i++, shift += 8) tail |= bytes[i]! << shift;
  return finish(h, tail, length);
}

/**
 * The hash state after a fixed prefix (a flag's `salt + ":"`) has been read. Compiled splits hold
 * one per seed, so placing a unit hashes only the unit's characters: the prefix's blocks were
 * mixed once, at compile time. `ascii` is false when the prefix itself is not ASCII; then every
 * unit is hashed over the UTF-8 bytes of the joined string instead.
 */
export interface HashPrefix {
  readonly text: string;
  readonly seed: number;
  readonly ascii: boolean;
  /** Hash after the prefix's complete 4-byte blocks. */
  readonly h: number;
  /** The prefix's trailing 0–3 bytes, little-endian, and how many there are. */
  readonly tail: number;
  readonly filled: number;
}

export function prepareHashPrefix(text: string, seed: number): HashPrefix {
  const ascii = isAscii(text);
  let h = seed | 0;
  let tail = 0;
  let filled = 0;
  if (ascii) {
    for (let i = 0; i < text.length; i++) {
      tail |= text.charCodeAt(i) << (filled << 3);
      if (++filled === 4) {
        h = mixBlock(h, tail);
        tail = 0;
        filled = 0;
      }
    }
  }
  return Object.freeze({ text, seed, ascii, h, tail, filled });
}

/**
 * MurmurHash3 x86_32 of the UTF-8 bytes of `prefix.text + unit`, continuing from the prefix's
 * state: one pass over the unit, no allocation. A character past ASCII (in the unit or the prefix)
 * sends the whole string through the byte-wise path instead.
 *
 * The unit is read a block of four characters at a time once the prefix's partial block is full:
 * that is a fifth faster on UUIDs (the anonymous-id cookie's) than filling a block character by
 * character, which tests and branches on every one.
 */
export function hashWithPrefix(prefix: HashPrefix, unit: string): number {
  if (!prefix.ascii) return hashUtf8(prefix, unit);
  const length = unit.length;
  const total = prefix.text.length + length;
  let h = prefix.h;
  let block = prefix.tail;
  let filled = prefix.filled;
  let i = 0;
  if (filled !== 0) {
    for (; filled < 4 && i < length; i++, filled++) {
      const code = unit.charCodeAt(i);
      if (code > 0x7f) return hashUtf8(prefix, unit);
      block |= code << (filled << 3);
    }
    if (filled < 4) return finish(h, block, total);
    h = mixBlock(h, block);
  }
  const blocksEnd = i + ((length - i) & ~3);
  for (; i < blocksEnd; i += 4) {
    const c0 = unit.charCodeAt(i);
    const c1 = unit.charCodeAt(i + 1);
    const c2 = unit.charCodeAt(i + 2);
    const c3 = unit.charCodeAt(i + 3);
    if ((c0 | c1 | c2 | c3) > 0x7f) return hashUtf8(prefix, unit);
    h = mixBlock(h, c0 | (c1 << 8) | (c2 << 16) | (c3 << 24));
  }
  block = 0;
  for (let shift = 0; i < length; i++, shift += 8) {
    const code = unit.charCodeAt(i);
    if (code > 0x7f) return hashUtf8(prefix, unit);
    block |= code << shift;
  }
  return finish(h, block, total);
}

function hashUtf8(prefix: HashPrefix, unit: string): number {
  return hashBytes(encoder.encode(prefix.text + unit), prefix.seed);
}

/** The bucket of `prefix.text + unit` (see `bucketOf`). */
export function bucketWithPrefix(prefix: HashPrefix, unit: string): number {
  return hashWithPrefix(prefix, unit) % 10_000; // BUCKETS, written in place (see the multipliers)
}

/** MurmurHash3 x86_32 of the UTF-8 bytes of `a + b`. */
function hashPair(a: string, b: string, seed: number): number {
  return hashWithPrefix(prepareHashPrefix(a, seed), b);
}

/** The state before any byte, for the seed `murmur3` was last called with. */
let emptyPrefix = prepareHashPrefix('', 0);
/**
 * Every seed's state, kept: a caller alternating between seeds would otherwise prepare a prefix (a
 * regular expression and a frozen object, several times the hash of a short id) on every call.
 * Bounded, since a seed can be anything.
 */
const emptyPrefixes = new Map<number, HashPrefix>([[0, emptyPrefix]]);
const MAX_KEPT_SEEDS = 64;

function emptyPrefixFor(seed: number): HashPrefix {
  let prefix = emptyPrefixes.get(seed);
  if (prefix === undefined) {
    if (emptyPrefixes.size >= MAX_KEPT_SEEDS) emptyPrefixes.clear();
    prefix = prepareHashPrefix('', seed);
    emptyPrefixes.set(seed, prefix);
  }
  return prefix;
}

/**
 * MurmurHash3 x86_32 of the UTF-8 bytes of `text`, as an unsigned 32-bit integer.
 * Equal to the reference MurmurHash3 (Go, Java, Python, Rust) for every input, and to murmurhash3js
 * (and Unleash) for ASCII input.
 */
export function murmur3(text: string, seed = 0): number {
  // `text` read as the unit after an empty prefix: one pass, no per-call preparation.
  if (emptyPrefix.seed !== seed) emptyPrefix = emptyPrefixFor(seed);
  return hashWithPrefix(emptyPrefix, text);
}

/**
 * The bucketing contract: `MurmurHash3_x86_32(utf8(salt + ":" + unit), seed) % 10000`.
 * Any port that reproduces this function reproduces every Rampkit assignment.
 *
 * @example bucketOf('checkout', 'user-42') // → a number in [0, 9999], the same in every process
 */
export function bucketOf(salt: string, unit: string, seed = SPLIT_SEED): number {
  return hashPair(`${salt}:`, unit, seed) % BUCKETS;
}
