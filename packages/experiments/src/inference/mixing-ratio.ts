import type { Sides } from '../numerics/alpha-spending.js';

/**
 * The normal mixture's variance, τ² = MIXING_RATIO · v_plan, where v_plan is the variance the estimate
 * will have at the fixed-horizon size for the minimum detectable effect: then u = τ²/v = MIXING_RATIO · t,
 * t the information as a share of that size. Chosen to minimise the units the sequential test needs for
 * 80% power at α = 0.05 (planning/design-multiplier.ts computes that cost; the minimum is flat, 5 to 8
 * within 0.5% of it two-sided); `mixing-ratio.test.ts` recomputes the curve.
 */
export const MIXING_RATIO: Readonly<Record<Sides, number>> = { two: 6, one: 5 };
