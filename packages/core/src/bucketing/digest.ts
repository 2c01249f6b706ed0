import {
  finish,
  type HashPrefix,
  hashWithPrefix,
  mixScrambled,
  prepareHashPrefix,
  scrambleBlock,
} from './hash.js';

/** The state of a `digest` after a fixed prefix, under its two seeds, prepared once. */
export interface DigestPrefix {
  readonly high: HashPrefix;
  readonly low: HashPrefix;
}

export function digestPrefix(text: string, highSeed: number, lowSeed: number): DigestPrefix {
  return { high: prepareHashPrefix(text, highSeed), low: prepareHashPrefix(text, lowSeed) };
}

/**
 * A 53-bit digest of `prefix.text + text`, an exact integer a Map can key by: MurmurHash3 x86_32 of
 * its UTF-8 under the high seed (32 bits), joined to the top 21 bits of the same hash under the low
 * seed. What keeps a fixed-size record of strings a client chose, whatever their length. Not a
 * cryptographic hash: whoever knows both seeds can make two texts collide.
 *
 * Both hashes are computed in one pass over `text`, each block scrambled once for both (see
 * `hashWithPrefix`, which this follows step for step); a character past ASCII sends it through
 * `hashWithPrefix` twice instead.
 */
export function digest(prefix: DigestPrefix, text: string): number {
  const high = prefix.high;
  if (!high.ascii) return slowDigest(prefix, text);
  const length = text.length;
  const total = high.text.length + length;
  let h1 = high.h;
  let h2 = prefix.low.h;
  let block = high.tail;
  let filled = high.filled;
  let i = 0;
  if (filled !== 0) {
    for (; filled < 4 && i < length; i++, filled++) {
      const code = text.charCodeAt(i);
      if (code > 0x7f) return slowDigest(prefix, text);
      block |= code << (filled << 3);
    }
    if (filled < 4) return join(finish(h1, block, total), finish(h2, block, total));
    const k = scrambleBlock(block);
    h1 = mixScrambled(h1, k);
    h2 = mixScrambled(h2, k);
  }
  const blocksEnd = i + ((length - i) & ~3);
  for (; i < blocksEnd; i += 4) {
    const c0 = text.charCodeAt(i);
    const c1 = text.charCodeAt(i + 1);
    const c2 = text.charCodeAt(i + 2);
    const c3 = text.charCodeAt(i + 3);
    if ((c0 | c1 | c2 | c3) > 0x7f) return slowDigest(prefix, text);
    const k = scrambleBlock(c0 | (c1 << 8) | (c2 << 16) | (c3 << 24));
    h1 = mixScrambled(h1, k);
    h2 = mixScrambled(h2, k);
  }
  block = 0;
  for (let shift = 0; i < length; i++, shift += 8) {
    const code = text.charCodeAt(i);
    if (code > 0x7f) return slowDigest(prefix, text);
    block |= code << shift;
  }
  return join(finish(h1, block, total), finish(h2, block, total));
}

function slowDigest(prefix: DigestPrefix, text: string): number {
  return join(hashWithPrefix(prefix.high, text), hashWithPrefix(prefix.low, text));
}

function join(high: number, low: number): number {
  return high * 2_097_152 + (low >>> 11);
}
