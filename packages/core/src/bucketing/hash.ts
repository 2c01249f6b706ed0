import murmurhash3js from 'murmurhash3js';

/** Number of buckets: weights and coverage are expressed in basis points of this range. */
export const BUCKETS = 10_000;
/** Seed of the hash that places a unit in a split. */
export const SPLIT_SEED = 0;
/** Seed of the independent hash that decides whether a unit is covered by an experiment. */
export const COVERAGE_SEED = 0x636f7665; // "cove"
/** Seed of the hash that places a unit in a mutual-exclusion layer. */
export const LAYER_SEED = 0x6c617972; // "layr"

const hash32 = murmurhash3js.x86.hash32;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the range is the point: anything past ASCII
const NON_ASCII = /[^\x00-\x7f]/;
const encoder = new TextEncoder();

/** True when `text` is pure ASCII, and so already its own UTF-8 encoding. */
export function isAscii(text: string): boolean {
  return !NON_ASCII.test(text);
}

/** The bucket of text known to be ASCII: the UTF-8 conversion is skipped. */
export function bucketOfAscii(text: string, seed: number): number {
  return hash32(text, seed) % BUCKETS;
}

/**
 * murmurhash3js reads only the low byte of each UTF-16 code unit, so a string holding characters
 * past ASCII is first re-encoded as its UTF-8 bytes, one byte per code unit ("binary string").
 * ASCII strings already are their UTF-8 bytes and pass through untouched.
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
 * MurmurHash3 x86_32 of the UTF-8 bytes of `text`, as an unsigned 32-bit integer.
 * Equal to the reference MurmurHash3 (Go, Java, Python, Rust) for every input, and to murmurhash3js
 * (and Unleash) for ASCII input.
 */
export function murmur3(text: string, seed = 0): number {
  return hash32(toHashInput(text), seed);
}

/**
 * The bucketing contract: `MurmurHash3_x86_32(utf8(salt + ":" + unit), seed) % 10000`.
 * Any port that reproduces this function reproduces every Rampkit assignment.
 *
 * @example bucketOf('checkout', 'user-42') // → a number in [0, 9999], the same in every process
 */
export function bucketOf(salt: string, unit: string, seed = SPLIT_SEED): number {
  return hash32(toHashInput(`${salt}:${unit}`), seed) % BUCKETS;
}

/** The same as `bucketOf` for a precomputed `salt + ":"` prefix (compiled flags hold one). */
export function bucketOfPrefixed(prefix: string, unit: string, seed: number): number {
  return hash32(toHashInput(prefix + unit), seed) % BUCKETS;
}
