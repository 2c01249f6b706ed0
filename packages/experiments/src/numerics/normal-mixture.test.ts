import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mulberry32, normal } from '../random.test-helper.js';
import {
  mixtureLogEValue,
  mixtureRadius,
  oneSidedMixtureLogEValue,
  oneSidedMixtureRadius,
} from './normal-mixture.js';

const u = fc.double({ min: 1e-4, max: 1e4, noNaN: true });
const alpha = fc.double({ min: 1e-6, max: 0.4, noNaN: true });

describe('the normal-mixture confidence sequence', () => {
  it('is the set the e-value does not reject: E(m(u)) = 1/α, two-sided and one-sided', () => {
    fc.assert(
      fc.property(u, alpha, (u, alpha) => {
        expect(mixtureLogEValue(mixtureRadius(u, alpha), u)).toBeCloseTo(Math.log(1 / alpha), 8);
        expect(oneSidedMixtureLogEValue(oneSidedMixtureRadius(u, alpha), u)).toBeCloseTo(
          Math.log(1 / alpha),
          8,
        );
      }),
    );
  });

  it('widens as α shrinks, and is narrower one-sided', () => {
    fc.assert(
      fc.property(u, alpha, fc.double({ min: 0.01, max: 0.99, noNaN: true }), (u, alpha, shrink) => {
        expect(mixtureRadius(u, alpha * shrink)).toBeGreaterThan(mixtureRadius(u, alpha));
        expect(oneSidedMixtureRadius(u, alpha * shrink)).toBeGreaterThan(oneSidedMixtureRadius(u, alpha));
        expect(oneSidedMixtureRadius(u, alpha)).toBeLessThan(mixtureRadius(u, alpha));
      }),
    );
  });

  it('cannot bound anything before it has information', () => {
    expect(mixtureRadius(0, 0.05)).toBe(Number.POSITIVE_INFINITY);
    expect(mixtureLogEValue(5, 0)).toBe(0);
  });

  it('rejects a true null at most α of the time when read after every observation (Ville)', () => {
    // 400 Gaussian random walks of 2,000 steps, read at every step, τ² tuned to step 500. The
    // allowance is the 99.9% quantile of Binomial(400, 0.05): 34.
    const next = mulberry32(7);
    let rejected = 0;
    for (let run = 0; run < 400; run++) {
      let sum = 0;
      for (let n = 1; n <= 2000; n++) {
        sum += normal(next);
        const z = sum / Math.sqrt(n);
        if (mixtureLogEValue(z, (6 * n) / 500) >= Math.log(20)) {
          rejected += 1;
          break;
        }
      }
    }
    expect(rejected).toBeLessThanOrEqual(34);
  });
});
