import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logBeta, logGamma } from './log-gamma.js';
import { log1mExp, logSumExp } from './log-sum-exp.js';

describe('logGamma is ln Γ to double precision', () => {
  it('matches factorials and Γ(1/2) = √π', () => {
    let factorial = 1;
    for (let n = 1; n <= 20; n++) {
      expect(logGamma(n)).toBeCloseTo(Math.log(factorial), 12);
      factorial *= n;
    }
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
    expect(logGamma(1e-8)).toBeCloseTo(-Math.log(1e-8), 6);
  });

  it('satisfies the recurrence ln Γ(x + 1) = ln Γ(x) + ln x', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-3, max: 1e6, noNaN: true }), (x) => {
        const difference = logGamma(x + 1) - logGamma(x) - Math.log(x);
        expect(Math.abs(difference)).toBeLessThan(1e-9 * Math.max(1, Math.abs(logGamma(x + 1))));
      }),
    );
  });

  it('stays finite for counts in the billions, where Γ itself overflows', () => {
    // Stirling: ln Γ(x) ≈ (x − ½) ln x − x + ½ ln 2π.
    const x = 3e9;
    expect(logGamma(x)).toBeCloseTo((x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI), 0);
  });

  it('is NaN off its domain', () => {
    expect(logGamma(0)).toBeNaN();
    expect(logGamma(-2.5)).toBeNaN();
    expect(logGamma(Number.NaN)).toBeNaN();
  });
});

describe('logBeta', () => {
  it('is ln B(a, b), symmetric in its arguments', () => {
    expect(logBeta(2, 3)).toBeCloseTo(Math.log(1 / 12), 13);
    expect(logBeta(0.5, 0.5)).toBeCloseTo(Math.log(Math.PI), 13);
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 1e5, noNaN: true }),
        fc.double({ min: 0.01, max: 1e5, noNaN: true }),
        (a, b) => {
          expect(logBeta(a, b)).toBeCloseTo(logBeta(b, a), 6);
        },
      ),
    );
  });
});

describe('logSumExp and log1mExp never overflow', () => {
  it('adds in log space', () => {
    expect(logSumExp([Math.log(2), Math.log(3)])).toBeCloseTo(Math.log(5), 14);
    expect(logSumExp([1000, 1000])).toBeCloseTo(1000 + Math.LN2, 12);
    expect(logSumExp([-1000, -1000])).toBeCloseTo(-1000 + Math.LN2, 12);
    expect(logSumExp([])).toBe(Number.NEGATIVE_INFINITY);
    expect(logSumExp([Number.NEGATIVE_INFINITY, 0])).toBe(0);
  });

  it('computes ln(1 − eˣ) accurately at both ends', () => {
    expect(log1mExp(-1e-20)).toBeCloseTo(Math.log(1e-20), 10);
    expect(log1mExp(-50)).toBeCloseTo(-Math.exp(-50), 30);
    expect(log1mExp(Math.log(0.25))).toBeCloseTo(Math.log(0.75), 14);
    expect(log1mExp(1)).toBeNaN();
  });
});
