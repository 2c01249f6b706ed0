import type { Split } from '../model/types.js';
import {
  BUCKETS,
  bucketWithPrefix,
  COVERAGE_SEED,
  type HashPrefix,
  LAYER_SEED,
  prepareHashPrefix,
  SPLIT_SEED,
} from './hash.js';

/**
 * A split prepared for placement: the salt prefix is built once, weights are turned into running
 * totals, and the layer range is unpacked, so placing a unit costs one hash per check and no allocation.
 */
export interface CompiledSplit {
  /** `salt + ":"`, the salt being the split's, else the flag's, else the flag key. */
  readonly prefix: string;
  /** The context attribute that identifies a unit for this split. */
  readonly unitAttribute: string;
  /** Variation names in declared order. */
  readonly variations: readonly string[];
  /** `cumulative[i]` is the sum of the weights of entries 0..i: entry i owns buckets below it. */
  readonly cumulative: readonly number[];
  /** Basis points of units in the split at all. */
  readonly coverage: number;
  /** `layerKey + ":"` when the split claims a range of a mutual-exclusion layer. */
  readonly layerPrefix: string | undefined;
  readonly layerStart: number;
  readonly layerEnd: number;
  /** The prefixes' hash states for the split, coverage and layer seeds (see `HashPrefix`). */
  readonly splitHash: HashPrefix;
  /** Undefined at full coverage, which `placeUnit` admits without hashing. */
  readonly coverageHash: HashPrefix | undefined;
  readonly layerHash: HashPrefix | undefined;
}

interface Arms {
  readonly variations: readonly string[];
  readonly cumulative: readonly number[];
}

/**
 * Arms of a frozen weights array, by identity. An adopted configuration shares equal weights arrays
 * between flags (model/frozen-data.ts), so 10,000 flags of one template share their arms too; a
 * frozen array cannot change, so the entry stays right for as long as the array lives.
 */
const armsOfFrozen = new WeakMap<Split['weights'], Arms>();

function arms(weights: Split['weights']): Arms {
  const frozen = Object.isFrozen(weights);
  const known = frozen ? armsOfFrozen.get(weights) : undefined;
  if (known !== undefined) return known;
  // Built with `map`, which allocates the exact length (`push` leaves room for 17 elements).
  let total = 0;
  const made: Arms = {
    variations: Object.freeze(weights.map(({ variation }) => variation)),
    cumulative: weights.map(({ weight }) => {
      total += weight;
      return total;
    }),
  };
  if (frozen) armsOfFrozen.set(weights, made);
  return made;
}

/** Returned by `placeUnit` for a unit outside the split's coverage or its layer range. */
export const NOT_PLACED = -1;

/**
 * Prepares `split` for placement. `flagSalt` and `flagUnitAttribute` are the flag's own (already
 * defaulted to the flag key and `targetingKey`); the split's `salt` and `bucketBy` override them.
 */
export function compileSplit(split: Split, flagSalt: string, flagUnitAttribute: string): CompiledSplit {
  const { variations, cumulative } = arms(split.weights);
  const prefix = `${split.salt ?? flagSalt}:`;
  const layerPrefix = split.layer ? `${split.layer.key}:` : undefined;
  const coverage = split.coverage ?? BUCKETS;
  return Object.freeze({
    prefix,
    unitAttribute: split.bucketBy ?? flagUnitAttribute,
    variations,
    // Not frozen, unlike the rest: read on every evaluation, and a frozen array's elements take a
    // generic keyed load (bench/http/README.md). `readonly` guards it.
    cumulative,
    coverage,
    layerPrefix,
    layerStart: split.layer?.range[0] ?? 0,
    layerEnd: split.layer?.range[1] ?? BUCKETS,
    splitHash: prepareHashPrefix(prefix, SPLIT_SEED),
    coverageHash: coverage < BUCKETS ? prepareHashPrefix(prefix, COVERAGE_SEED) : undefined,
    layerHash: layerPrefix === undefined ? undefined : prepareHashPrefix(layerPrefix, LAYER_SEED),
  });
}

/**
 * Places `unit` in `split` (docs: bucketing contract):
 * 1. coverage: `bucketOf(salt, unit, COVERAGE_SEED) < coverage`, an independent hash so that
 *    widening coverage never moves a covered unit between arms;
 * 2. layer: `bucketOf(layer.key, unit, LAYER_SEED)` must lie in `[start, end)`; the layer key is the
 *    salt, so every experiment of one layer sees the same layer bucket for a unit;
 * 3. arm: `bucket = bucketOf(salt, unit, SPLIT_SEED)` goes to the first entry whose cumulative weight
 *    exceeds it.
 * Returns the index of the variation in `split.variations`, or `NOT_PLACED`.
 */
export function placeUnit(split: CompiledSplit, unit: string): number {
  // A full coverage admits every bucket, so its hash need not be computed.
  const coverageHash = split.coverageHash;
  if (coverageHash !== undefined && bucketWithPrefix(coverageHash, unit) >= split.coverage) {
    return NOT_PLACED;
  }
  if (split.layerHash !== undefined) {
    const layerBucket = bucketWithPrefix(split.layerHash, unit);
    if (layerBucket < split.layerStart || layerBucket >= split.layerEnd) return NOT_PLACED;
  }
  const bucket = bucketWithPrefix(split.splitHash, unit);
  const cumulative = split.cumulative;
  for (let i = 0; i < cumulative.length; i++) {
    if (bucket < cumulative[i]!) return i;
  }
  // Validated weights sum to BUCKETS, so this is reached only by a split compiled from unchecked input.
  return NOT_PLACED;
}
