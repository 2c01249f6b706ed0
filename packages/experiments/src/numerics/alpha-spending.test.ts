import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { close, reference } from '../reference.test-helper.js';
import { obrienFlemingSpending, repeatedPValue, spendingBoundaries } from './alpha-spending.js';
import { crossingProbabilities } from './boundary-crossing.js';

describe("O'Brien–Fleming-type alpha spending (Lan–DeMets)", () => {
  it('gives the tabulated boundaries for five equally spaced looks at α = 0.05 two-sided', () => {
    // Jennison and Turnbull (2000), Table 7.6; also gsDesign and ldbounds.
    const boundaries = spendingBoundaries([0.2, 0.4, 0.6, 0.8, 1], 0.05, 'two');
    [4.877, 3.357, 2.68, 2.29, 2.031].forEach((tabulated, k) => {
      expect(boundaries[k]!).toBeCloseTo(tabulated, 3);
    });
  });

  it.each(reference.groupSequential)(
    'matches bisection on SciPy’s multivariate normal CDF: $sides-sided α = $alpha at $fractions',
    ({ fractions, alpha, sides, boundaries }) => {
      spendingBoundaries(fractions, alpha, sides).forEach((c, k) => {
        // SciPy's Genz integration is accurate to about 1e−7 in probability, 1e−6 in the boundary.
        expect(Math.abs(c - boundaries[k]!)).toBeLessThan(2e-5);
      });
    },
  );

  it('spends exactly the spending function, look by look', () => {
    const fractions = [0.15, 0.4, 0.55, 0.9, 1];
    for (const sides of ['two', 'one'] as const) {
      const boundaries = spendingBoundaries(fractions, 0.05, sides);
      const looks = fractions.map((time, k) => ({
        time,
        upper: boundaries[k]! * Math.sqrt(time),
        lower: sides === 'two' ? -boundaries[k]! * Math.sqrt(time) : Number.NEGATIVE_INFINITY,
      }));
      const crossed = crossingProbabilities(looks, 0);
      let spent = 0;
      fractions.forEach((time, k) => {
        spent += crossed.upper[k]! + crossed.lower[k]!;
        const expected =
          sides === 'two' ? 2 * obrienFlemingSpending(time, 0.025) : obrienFlemingSpending(time, 0.05);
        expect(close(spent, expected, 1e-7)).toBe(true);
      });
    }
  });

  it('has a repeated p-value equal to the level exactly at the boundary, and monotone in z', () => {
    const fractions = [0.25, 0.5, 0.75, 1];
    const boundaries = spendingBoundaries(fractions, 0.05, 'two');
    boundaries.forEach((c, look) => {
      expect(close(repeatedPValue(fractions, look, c, 'two'), 0.05, 1e-6)).toBe(true);
      expect(close(repeatedPValue(fractions, look, -c, 'two'), 0.05, 1e-6)).toBe(true);
    });
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 6, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (z, dz) => {
          expect(repeatedPValue(fractions, 2, z + dz, 'one')).toBeLessThanOrEqual(
            repeatedPValue(fractions, 2, z, 'one') + 1e-9,
          );
        },
      ),
      { numRuns: 30 },
    );
  });

  it('is 1 for a one-sided z on the wrong side', () => {
    expect(repeatedPValue([0.5, 1], 1, -3, 'one')).toBe(1);
  });
});
