import { mulberry32 } from '@rampkit/core/testing';

/**
 * A seeded pseudo-random source for simulations, on core's mulberry32: fast, tiny, and good enough
 * for Monte Carlo of this size; the same seed gives the same rollout on every machine.
 */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** Poisson with mean `mean` ≥ 0. */
  poisson(mean: number): number;
}

/** Knuth's product method underflows past e^−700; chunks of this mean stay far from that and are summed. */
const POISSON_CHUNK = 50;

export function createRandom(seed: number): Random {
  const next = mulberry32(seed);
  const poissonSmall = (mean: number): number => {
    const limit = Math.exp(-mean);
    let k = 0;
    let product = next();
    while (product > limit) {
      k += 1;
      product *= next();
    }
    return k;
  };
  return {
    next,
    // 1 − u keeps the logarithm finite.
    normal: () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()),
    poisson: (mean) => {
      // Poisson(a + b) = Poisson(a) + Poisson(b): exact for any mean.
      let total = 0;
      let left = mean;
      while (left > POISSON_CHUNK) {
        total += poissonSmall(POISSON_CHUNK);
        left -= POISSON_CHUNK;
      }
      return total + poissonSmall(left);
    },
  };
}
