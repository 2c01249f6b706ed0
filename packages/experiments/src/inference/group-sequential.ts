import { repeatedPValue, type Sides, spendingBoundaries } from '../numerics/alpha-spending.js';
import type { ZTest } from './z-test.js';

/**
 * The group-sequential test at look `look` (0-based) of a design with looks at `fractions` of the
 * planned size: reject when z crosses the O'Brien–Fleming-type boundary c_k (numerics/alpha-spending.ts).
 * The interval Δ̂ ± c_k √v is the repeated confidence interval (Jennison and Turnbull 2000, ch. 9),
 * which covers the effect at every look at once with probability ≥ 1 − α; the p-value is the repeated
 * p-value, the smallest α whose boundary z crosses at this look.
 */
export function groupSequentialTest(sides: Sides, fractions: readonly number[], look: number): ZTest {
  return {
    sides,
    pValue: (z) => repeatedPValue(fractions, look, z, sides),
    radius: (alpha) => spendingBoundaries(fractions, alpha, sides)[look] ?? Number.POSITIVE_INFINITY,
  };
}
