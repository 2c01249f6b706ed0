import { mulberry32 } from '@rampkit/core/testing';

/** A seeded generator (core's mulberry32), so every run of the demo tells the same story. */
export function seededRandom(seed: number): () => number {
  return mulberry32(seed);
}
