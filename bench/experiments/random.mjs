/**
 * Seeded random numbers for the simulations: every run has its own stream, derived from the section's
 * seed and the run's index, so the figures do not depend on how runs are split across threads.
 */
import { mulberry32 } from '@rampkit/core/testing';

export { mulberry32 };

/** The stream of run `run` in a section seeded `seed`. */
export function runStream(seed, run) {
  // Two rounds of a 32-bit mix (splitmix-like) so neighbouring runs get unrelated states.
  let x = (Math.imul(seed, 0x9e3779b1) ^ Math.imul(run + 1, 0x85ebca77)) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d) >>> 0;
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b) >>> 0;
  return mulberry32(x ^ (x >>> 16));
}

/** A standard normal draw (Box–Muller, one of the pair). */
export function normal(next) {
  return Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
}

/** A Poisson draw by multiplying uniforms (Knuth); fine for small means. */
export function poisson(next, mean) {
  const limit = Math.exp(-mean);
  let k = 0;
  let product = next();
  while (product > limit) {
    k += 1;
    product *= next();
  }
  return k;
}

/** A Binomial(n, p) draw as a sum of Bernoulli draws. */
export function binomial(next, n, p) {
  let k = 0;
  for (let i = 0; i < n; i++) if (next() < p) k += 1;
  return k;
}

/** Binomial(100, 1/2), exactly: the number of ones among 100 random bits. */
export function fairHundred(next) {
  const word = () => Math.floor(next() * 4294967296) >>> 0;
  return bits(word()) + bits(word()) + bits(word()) + bits(word() & 0xf);
}

function bits(v) {
  v -= (v >>> 1) & 0x55555555;
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}
