/**
 * A second MurmurHash3 x86_32, written straight from Austin Appleby's MurmurHash3.cpp
 * (https://github.com/aappleby/smhasher/blob/master/src/MurmurHash3.cpp) over raw bytes.
 * Tests check hash.ts against it; it shares no code with murmurhash3js, so a bug in either
 * the library or the UTF-8 re-encoding in hash.ts shows up as a disagreement. Test-only.
 */

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

function rotl32(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** MurmurHash3_x86_32 of `data` with `seed`, as an unsigned 32-bit integer. */
export function referenceMurmur3(data: Uint8Array, seed: number): number {
  const len = data.length;
  const blockEnd = len - (len % 4);
  let h1 = seed | 0;

  // 1. Body: little-endian 4-byte blocks.
  for (let i = 0; i < blockEnd; i += 4) {
    let k1 = data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24);
    k1 = Math.imul(k1, C1);
    k1 = rotl32(k1, 15);
    k1 = Math.imul(k1, C2);
    h1 ^= k1;
    h1 = rotl32(h1, 13);
    h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;
  }

  // 2. Tail: the last 1–3 bytes, in the reference's fall-through order.
  let k1 = 0;
  const tail = len & 3;
  if (tail === 3) k1 ^= data[blockEnd + 2]! << 16;
  if (tail >= 2) k1 ^= data[blockEnd + 1]! << 8;
  if (tail >= 1) {
    k1 ^= data[blockEnd]!;
    k1 = Math.imul(k1, C1);
    k1 = rotl32(k1, 15);
    k1 = Math.imul(k1, C2);
    h1 ^= k1;
  }

  // 3. Finalization: mix in the length (the reference uses the low 32 bits), then avalanche.
  h1 ^= len;
  return fmix32(h1);
}

const encoder = new TextEncoder();

/** The reference hash of the UTF-8 bytes of `text`, as the bucketing contract defines it. */
export function referenceMurmur3Utf8(text: string, seed: number): number {
  return referenceMurmur3(encoder.encode(text), seed);
}
