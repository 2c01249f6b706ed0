import type { HistogramData } from '../metrics/types.js';
import { histogramValues } from './histogram-values.js';
import { quantileLowerBound, quantileUpperBound, valueQuantile } from './quantile-bounds.js';

/*
 * "Is the canary's latency quantile more than `tolerance` above stable's?" decided so that watching it
 * continuously cannot manufacture a regression out of noise. The canary's quantile gets a time-uniform
 * lower bound and stable's a time-uniform upper bound (quantile-bounds.ts), each at alpha / 2; the
 * comparison fails only when
 *
 *   lower(canary) > (1 + tolerance) · upper(stable).
 *
 * If in truth canary ≤ (1 + tolerance) · stable, that needs one of the two bounds to be wrong, which
 * happens at any time at all with probability ≤ alpha / 2 + alpha / 2 = alpha (Howard and Ramdas,
 * Bernoulli 28, 2022, §5 compare arms the same way).
 */

export interface QuantileComparisonOptions {
  /** The quantile, in (0, 1): 0.95 for p95. */
  q: number;
  /** Allowed relative excess of the canary: 0.3 lets it be up to 30% slower. */
  tolerance: number;
  /** Probability, over the whole rollout, of calling a regression that is not there. */
  alpha: number;
}

export interface QuantileComparison {
  /** Point estimates (nearest rank over bucket midpoints), in milliseconds; NaN for an empty histogram. */
  canary: number;
  stable: number;
  /** The canary's quantile is at least this (confidence 1 − alpha/2); 0 when the data cannot say. */
  canaryLower: number;
  /** Stable's quantile is at most this (confidence 1 − alpha/2); +∞ when the data cannot say. */
  stableUpper: number;
  /** (1 + tolerance) · stableUpper: what canaryLower must exceed. */
  limit: number;
  /** The canary's quantile is above (1 + tolerance) × stable's, with confidence 1 − alpha. */
  regressed: boolean;
}

export function compareQuantiles(
  canary: HistogramData,
  stable: HistogramData,
  options: QuantileComparisonOptions,
): QuantileComparison {
  const { q, tolerance, alpha } = options;
  const canaryValues = histogramValues(canary);
  const stableValues = histogramValues(stable);
  const canaryLower = Math.max(0, quantileLowerBound(canaryValues, q, alpha / 2));
  const stableUpper = quantileUpperBound(stableValues, q, alpha / 2);
  const limit = (1 + tolerance) * stableUpper;
  return {
    canary: valueQuantile(canaryValues, q),
    stable: valueQuantile(stableValues, q),
    canaryLower,
    stableUpper,
    limit,
    regressed: canaryLower > limit,
  };
}
