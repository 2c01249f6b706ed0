import type { Sides } from '../numerics/alpha-spending.js';
import { normalQuantile, normalUpperTail } from '../numerics/normal.js';
import type { ZTest } from './z-test.js';

/**
 * The z-test read once at the planned size: p = 2Q(|z|) two-sided, Q(z) one-sided, and the Wald
 * interval Δ̂ ± z_{1−α/2} √v. Valid only when read once; reading it repeatedly inflates the false
 * positive rate (Armitage, McPherson and Rowe 1969), which is what the sequential designs are for.
 */
export function fixedHorizonTest(sides: Sides): ZTest {
  return {
    sides,
    pValue: (z) => (sides === 'two' ? Math.min(1, 2 * normalUpperTail(Math.abs(z))) : normalUpperTail(z)),
    radius: (alpha) => normalQuantile(1 - (sides === 'two' ? alpha / 2 : alpha)),
  };
}
