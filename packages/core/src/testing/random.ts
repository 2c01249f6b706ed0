/**
 * mulberry32 (Tommy Ettinger's 32-bit generator, public domain): a tiny seeded source of uniform
 * numbers in [0, 1), so simulations, demos and property tests give the same result on every run and
 * machine. Not for anything that must be unpredictable.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
