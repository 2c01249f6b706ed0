import { murmur3, murmur3Bytes } from '@rampkit/core';

/**
 * Which Unleash SDK's buckets to reproduce: how the text of a bucketing key becomes the bytes
 * MurmurHash3 reads, and which group id a strategy without one hashes (`group-id.ts`).
 * - `utf8`: the UTF-8 bytes, through `@rampkit/core`'s `murmur3`: Rampkit's bucketing contract, and
 *   what Unleash's Rust engine (Yggdrasil: the Python, Ruby, .NET, Go-FFI and WASM SDKs) does.
 * - `unleash-node`: the low byte of each UTF-16 code unit, which is what murmurhash3js, and so
 *   unleash-client-node, unleash-proxy and the server's playground, hash.
 * Both agree on ASCII; they differ for ids or group ids with other characters (docs/migrating-from-unleash.md).
 */
export type UnleashHashing = 'utf8' | 'unleash-node';

export type HashFunction = (text: string, seed: number) => number;

/** Seed of the rollout hash (flexibleRollout, gradualRollout*): normalised modulo 100. */
export const STRATEGY_SEED = 0;
/** Seed of the variant hash, normalised modulo the sum of the variant weights (unleash-client-node ≥ 5). */
export const VARIANT_SEED = 86_028_157;

export function hashFunction(mode: UnleashHashing): HashFunction {
  return mode === 'unleash-node' ? hashLowBytes : murmur3;
}

/** murmurhash3js's reading of a string, which unleash-client-node inherits: one byte per UTF-16 unit. */
function hashLowBytes(text: string, seed: number): number {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0xff;
  return murmur3Bytes(bytes, seed);
}

/**
 * Unleash's `normalizedValue`: `murmur3(groupId + ':' + id, seed) % normalizer + 1`, a number in
 * `1..normalizer`. A rollout of p% admits the ids whose value (normalizer 100) is `<= p`.
 */
export function normalizedValue(
  hash: HashFunction,
  id: string,
  groupId: string,
  normalizer: number,
  seed: number,
): number {
  return (hash(`${groupId}:${id}`, seed) % normalizer) + 1;
}
