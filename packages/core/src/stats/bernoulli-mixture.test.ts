import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logBernoulliMixture } from './bernoulli-mixture.js';
import { mulberry32 } from './test-random.test-helper.js';

/** The mixture integral by the midpoint rule, for comparison with the closed form. */
function numericMixture(k: number, n: number, p0: number, side: 'below' | 'above'): number {
  const [from, to] = side === 'below' ? [0, p0] : [p0, 1];
  const steps = 20_000;
  const width = (to - from) / steps;
  let total = 0;
  for (let i = 0; i < steps; i++) {
    const p = from + (i + 0.5) * width;
    total += Math.exp(k * Math.log(p / p0) + (n - k) * Math.log((1 - p) / (1 - p0)));
  }
  return (total * width) / (to - from);
}

/** Fraction of sequences of `trials` Bernoulli(p) draws whose e-value ever reaches 1/alpha. */
function everCrossing(p: number, p0: number, side: 'below' | 'above', alpha: number, runs: number): number {
  const next = mulberry32(7);
  const boundary = Math.log(1 / alpha);
  let crossed = 0;
  for (let run = 0; run < runs; run++) {
    let k = 0;
    for (let n = 1; n <= 400; n++) {
      if (next() < p) k += 1;
      if (logBernoulliMixture(k, n, p0, side) >= boundary) {
        crossed += 1;
        break;
      }
    }
  }
  return crossed / runs;
}

describe('logBernoulliMixture is the uniform mixture of likelihood ratios', () => {
  it('equals the integral it stands for', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 80 }),
        fc.integer({ min: 0, max: 80 }),
        fc.double({ min: 0.02, max: 0.98, noNaN: true }),
        fc.constantFrom('below' as const, 'above' as const),
        (a, b, p0, side) => {
          const [k, n] = [Math.min(a, b), Math.max(a, b)];
          const closed = Math.exp(logBernoulliMixture(k, n, p0, side));
          const numeric = numericMixture(k, n, p0, side);
          expect(Math.abs(closed - numeric)).toBeLessThanOrEqual(1e-5 * Math.max(1, numeric));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('is 1 before any trial and finite for a hundred million trials', () => {
    expect(logBernoulliMixture(0, 0, 0.5, 'below')).toBe(0);
    const huge = logBernoulliMixture(4_900_000, 100_000_000, 0.05, 'below');
    expect(Number.isFinite(huge)).toBe(true);
    expect(huge).toBeGreaterThan(Math.log(100));
  });
});

describe('watched after every trial, the e-value crosses 1/alpha with probability ≤ alpha under the null', () => {
  it('holds at the boundary of the null (the hardest case) on both sides', () => {
    // 1000 sequences of 400 trials each, e-value checked after every single trial.
    expect(everCrossing(0.3, 0.3, 'below', 0.05, 1000)).toBeLessThanOrEqual(0.05);
    expect(everCrossing(0.9, 0.9, 'above', 0.05, 1000)).toBeLessThanOrEqual(0.05);
  });

  it('still detects a clearly different rate', () => {
    expect(everCrossing(0.1, 0.3, 'below', 0.05, 300)).toBeGreaterThan(0.95);
    expect(everCrossing(0.99, 0.9, 'above', 0.05, 300)).toBeGreaterThan(0.95);
  });
});
