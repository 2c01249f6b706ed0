import type { Sides } from '../numerics/alpha-spending.js';

/**
 * A test of a standardised estimate z = (Δ̂ − Δ₀)/√v under one reading design. One-sided tests take z
 * oriented towards the alternative (harm, for guardrails).
 */
export interface ZTest {
  readonly sides: Sides;
  /** The p-value of z: fixed-horizon, always-valid (sequential) or repeated (group-sequential). */
  pValue(z: number): number;
  /**
   * The interval's half-width in standard errors at level `alpha`: Δ̂ ± √v · radius (two-sided), or the
   * one-sided bound Δ̂ ∓ √v · radius. Infinite when the design cannot bound the effect yet.
   */
  radius(alpha: number): number;
}
