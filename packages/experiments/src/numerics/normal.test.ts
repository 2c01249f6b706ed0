import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { close, reference } from '../reference.test-helper.js';
import { normalCdf, normalQuantile, normalUpperTail } from './normal.js';

describe('the normal distribution matches SciPy to double precision', () => {
  it.each(reference.normal.cdf)('Φ($x) and 1 − Φ($x)', ({ x, cdf, sf }) => {
    expect(close(normalCdf(x), cdf, 1e-13)).toBe(true);
    expect(close(normalUpperTail(x), sf, 1e-13)).toBe(true);
  });

  it.each(reference.normal.quantile)('Φ⁻¹($p)', ({ p, z }) => {
    expect(close(normalQuantile(p), z, 1e-12)).toBe(true);
  });

  it('inverts Φ everywhere in (0, 1)', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-12, max: 1 - 1e-12, noNaN: true }), (p) => {
        expect(close(normalCdf(normalQuantile(p)), p, 1e-12)).toBe(true);
      }),
    );
  });

  it('is ±∞ at the ends and NaN outside', () => {
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalQuantile(1)).toBe(Number.POSITIVE_INFINITY);
    expect(normalQuantile(1.5)).toBeNaN();
    expect(normalCdf(Number.NaN)).toBeNaN();
  });
});
