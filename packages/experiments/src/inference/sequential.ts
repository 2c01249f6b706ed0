import type { Sides } from '../numerics/alpha-spending.js';
import {
  mixtureLogEValue,
  mixtureRadius,
  oneSidedMixtureLogEValue,
  oneSidedMixtureRadius,
} from '../numerics/normal-mixture.js';
import { MIXING_RATIO } from './mixing-ratio.js';
import type { ZTest } from './z-test.js';

/**
 * The anytime-valid test: the normal-mixture e-value E (numerics/normal-mixture.ts) with
 * τ² = MIXING_RATIO · v_plan, v_plan being the variance the estimate will have at the fixed-horizon
 * size for the minimum detectable effect, so u = τ²/v grows as data come in. The p-value
 * min(1, 1/E) is always valid (Johari, Koomen, Pekelis and Walsh 2022): P(p ≤ α at any read) ≤ α, and
 * the confidence sequence covers the effect at every read at once with probability ≥ 1 − α.
 *
 * @param variance v, the estimate's current variance
 * @param plannedVariance v_plan = (δ_MDE / (z_{1−α/2} + z_{1−β}))² (one-sided: z_{1−α})
 */
export function sequentialTest(sides: Sides, variance: number, plannedVariance: number): ZTest {
  const u = variance > 0 && plannedVariance > 0 ? (MIXING_RATIO[sides] * plannedVariance) / variance : 0;
  return {
    sides,
    pValue: (z) => {
      const logE = sides === 'two' ? mixtureLogEValue(z, u) : oneSidedMixtureLogEValue(z, u);
      return Math.min(1, Math.exp(-logE));
    },
    radius: (alpha) => (sides === 'two' ? mixtureRadius(u, alpha) : oneSidedMixtureRadius(u, alpha)),
  };
}
