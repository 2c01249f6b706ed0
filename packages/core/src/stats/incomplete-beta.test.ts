import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logIncompleteBeta } from './incomplete-beta.js';

const probability = (x: number, a: number, b: number) => Math.exp(logIncompleteBeta(x, a, b).lower);

describe('logIncompleteBeta gives both tails of the Beta distribution', () => {
  it('matches closed forms: I_x(a, 1) = xᵃ and I_x(1, b) = 1 − (1 − x)ᵇ', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-6, max: 1 - 1e-6, noNaN: true }),
        fc.double({ min: 0.05, max: 200, noNaN: true }),
        (x, s) => {
          expect(probability(x, s, 1)).toBeCloseTo(x ** s, 10);
          expect(probability(x, 1, s)).toBeCloseTo(1 - (1 - x) ** s, 10);
        },
      ),
    );
    expect(probability(0.3, 2, 5)).toBeCloseTo(0.579825, 12);
  });

  it('returns tails that add up to one', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0.01, max: 1e4, noNaN: true }),
        fc.double({ min: 0.01, max: 1e4, noNaN: true }),
        (x, a, b) => {
          const { lower, upper } = logIncompleteBeta(x, a, b);
          expect(Math.exp(lower) + Math.exp(upper)).toBeCloseTo(1, 9);
        },
      ),
    );
  });

  it('keeps tiny tails as finite logarithms instead of rounding them to zero', () => {
    // P(Beta(500, 500) ≤ 0.1) is about e^−370, far below the smallest double.
    const { lower, upper } = logIncompleteBeta(0.1, 500, 500);
    expect(lower).toBeLessThan(-300);
    expect(Number.isFinite(lower)).toBe(true);
    expect(upper).toBeCloseTo(0, 12);
  });

  it('handles the ends of [0, 1] and huge parameters without NaN', () => {
    expect(logIncompleteBeta(0, 2, 3)).toEqual({ lower: Number.NEGATIVE_INFINITY, upper: 0 });
    expect(logIncompleteBeta(1, 2, 3)).toEqual({ lower: 0, upper: Number.NEGATIVE_INFINITY });
    const huge = logIncompleteBeta(0.0100001, 1e7, 1e9 - 1e7);
    expect(Number.isFinite(huge.lower) && Number.isFinite(huge.upper)).toBe(true);
    expect(Math.exp(huge.lower)).toBeGreaterThan(0.4);
    expect(Math.exp(huge.lower)).toBeLessThan(0.6);
    expect(logIncompleteBeta(0.5, 0, 1).lower).toBeNaN();
  });
});
