import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binomialUpperTail, clopperPearsonLower, logBinomialUpperTail } from './binomial-tail.js';

function directUpperTail(k: number, n: number, p: number): number {
  let total = 0;
  let term = (1 - p) ** n; // P(X = 0)
  for (let i = 0; i <= n; i++) {
    if (i >= k) total += term;
    term *= ((n - i) / (i + 1)) * (p / (1 - p));
  }
  return total;
}

describe('binomialUpperTail is the exact P(X ≥ k)', () => {
  it('matches the direct sum of the probability mass function', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 60 }),
        fc.double({ min: 0.001, max: 0.999, noNaN: true }),
        (n, k, p) => {
          expect(binomialUpperTail(k, n, p)).toBeCloseTo(directUpperTail(k, n, p), 10);
        },
      ),
    );
  });

  it('has the obvious edges', () => {
    expect(binomialUpperTail(0, 10, 0.3)).toBe(1);
    expect(binomialUpperTail(11, 10, 0.3)).toBe(0);
    expect(binomialUpperTail(1, 10, 0)).toBe(0);
    expect(binomialUpperTail(10, 10, 1)).toBe(1);
    expect(binomialUpperTail(1, 0, 0.5)).toBe(0);
  });

  it('stays finite and ordered for billions of trials', () => {
    const atMean = binomialUpperTail(1e7, 1e9, 0.01);
    expect(atMean).toBeGreaterThan(0.4);
    expect(atMean).toBeLessThan(0.6);
    expect(logBinomialUpperTail(1.2e7, 1e9, 0.01)).toBeLessThan(-1e4);
    expect(Number.isFinite(logBinomialUpperTail(1.2e7, 1e9, 0.01))).toBe(true);
  });
});

describe('clopperPearsonLower inverts the tail', () => {
  it('puts the tail at alpha exactly at the bound', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (n, share) => {
          const k = Math.max(1, Math.round(share * n));
          const lower = clopperPearsonLower(k, n, 0.01);
          expect(binomialUpperTail(k, n, lower)).toBeCloseTo(0.01, 6);
          expect(lower).toBeLessThanOrEqual(k / n);
        },
      ),
    );
  });

  it('matches the closed form for one success, and is 0 without successes', () => {
    // P(X ≥ 1) = 1 − (1 − p)ⁿ = alpha  ⇒  p = 1 − (1 − alpha)^(1/n)
    expect(clopperPearsonLower(1, 3, 0.01)).toBeCloseTo(1 - 0.99 ** (1 / 3), 12);
    expect(clopperPearsonLower(0, 100, 0.01)).toBe(0);
    expect(clopperPearsonLower(0, 0, 0.01)).toBe(0);
  });
});
