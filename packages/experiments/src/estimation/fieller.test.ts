import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fiellerBounds } from './fieller.js';

const positive = fc.double({ min: 0.05, max: 100, noNaN: true });
const variance = fc.double({ min: 1e-6, max: 1, noNaN: true });
const radius = fc.double({ min: 0.5, max: 6, noNaN: true });

describe("Fieller's interval on the relative lift", () => {
  it('when bounded, holds 0 exactly when the absolute interval does', () => {
    fc.assert(
      fc.property(positive, positive, variance, variance, radius, (t, c, vt, vc, r) => {
        const { lower, upper } = fiellerBounds(t, c, vt, vc, r);
        if (lower === null || upper === null) return;
        const absoluteHoldsZero = Math.abs(t - c) <= r * Math.sqrt(vt + vc);
        const relativeHoldsZero = lower <= 0 && upper >= 0;
        // Away from the edge, where rounding decides (the roots are ill-conditioned as Ŷ_c² → c² v_c).
        const edge = Math.abs(Math.abs(t - c) - r * Math.sqrt(vt + vc)) / Math.abs(t - c);
        if (edge > 1e-6) expect(relativeHoldsZero).toBe(absoluteHoldsZero);
      }),
    );
  });

  it('holds the point estimate, and tends to the delta-method interval as the variances shrink', () => {
    fc.assert(
      fc.property(positive, positive, variance, variance, radius, (t, c, vt, vc, r) => {
        const { lower, upper } = fiellerBounds(t, c, vt, vc, r);
        if (lower !== null && upper !== null) {
          expect(lower).toBeLessThanOrEqual(t / c - 1 + 1e-12);
          expect(upper).toBeGreaterThanOrEqual(t / c - 1 - 1e-12);
        }
      }),
    );
    const [t, c, vt, vc] = [10.5, 10, 1e-6, 1e-6];
    const delta = Math.sqrt(vt / c ** 2 + (t ** 2 * vc) / c ** 4);
    const { lower, upper } = fiellerBounds(t, c, vt, vc, 1.96);
    expect(lower!).toBeCloseTo(0.05 - 1.96 * delta, 7);
    expect(upper!).toBeCloseTo(0.05 + 1.96 * delta, 7);
  });

  it('is unbounded while control is not clear of 0', () => {
    expect(fiellerBounds(1, 0.1, 0.01, 0.01, 2)).toEqual({ lower: null, upper: null });
  });

  it('one-sided, keeps the bound on the side of harm', () => {
    const two = fiellerBounds(11, 10, 0.04, 0.04, 1.645);
    expect(fiellerBounds(11, 10, 0.04, 0.04, 1.645, 1)).toEqual({ lower: two.lower, upper: null });
    expect(fiellerBounds(11, 10, 0.04, 0.04, 1.645, -1)).toEqual({ lower: null, upper: two.upper });
    expect(fiellerBounds(11, -10, 0.04, 0.04, 1.645, 1)).toEqual({ lower: null, upper: null });
  });
});
