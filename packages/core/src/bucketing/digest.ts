import { type HashPrefix, hashWithPrefix, prepareHashPrefix } from './hash.js';

/** The two seeds of a `digest`, prepared once. */
export interface DigestSeeds {
  readonly high: HashPrefix;
  readonly low: HashPrefix;
}

export function digestSeeds(high: number, low: number): DigestSeeds {
  return { high: prepareHashPrefix('', high), low: prepareHashPrefix('', low) };
}

/**
 * A 53-bit digest of `text`, an exact integer a Map can key by: MurmurHash3 x86_32 of its UTF-8
 * under one seed (32 bits), joined to the top 21 bits of the same hash under the other. What keeps
 * a fixed-size record of strings a client chose, whatever their length. Not a cryptographic hash:
 * whoever knows both seeds can make two texts collide.
 */
export function digest(seeds: DigestSeeds, text: string): number {
  return hashWithPrefix(seeds.high, text) * 2_097_152 + (hashWithPrefix(seeds.low, text) >>> 11);
}
