export { mulberry32 } from '../testing/random.js';

/** Binomial(n, p) by counting Bernoulli draws: slow but exact, fine for test sizes. */
export function binomial(next: () => number, n: number, p: number): number {
  let k = 0;
  for (let i = 0; i < n; i++) if (next() < p) k += 1;
  return k;
}
