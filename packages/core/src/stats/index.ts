/**
 * @rampkit/core/stats — statistics for canary analysis and experiments: pure math on counts and
 * histograms, no I/O. docs/statistics.md explains each test, its guarantee and its assumptions.
 * Kept out of the main entry point: evaluating flags needs none of it.
 */
export type { BaselineErrorRateEvidence } from './baseline-error-rate-test.js';
export { baselineErrorRateEvidence } from './baseline-error-rate-test.js';
export type { RateSide } from './bernoulli-mixture.js';
export { logBernoulliMixture } from './bernoulli-mixture.js';
export { binomialUpperTail, clopperPearsonLower, logBinomialUpperTail } from './binomial-tail.js';
export type { ArmCounts, ErrorRateTestState } from './error-rate-test.js';
export {
  ERROR_RATE_ALTERNATIVES,
  foldErrorRateStratum,
  startErrorRateTest,
  updateErrorRateTest,
} from './error-rate-test.js';
export { countAbove, histogramValues } from './histogram-values.js';
export type { LogIncompleteBeta } from './incomplete-beta.js';
export { logIncompleteBeta } from './incomplete-beta.js';
export type { ExceedanceSide } from './latency-exceedance.js';
export { countExceeding } from './latency-exceedance.js';
export { logBeta, logGamma } from './log-gamma.js';
export { log1mExp, logSumExp } from './log-sum-exp.js';
export type { WeightedValue } from './quantile-bounds.js';
export { quantileLowerBound, quantileUpperBound, valueQuantile } from './quantile-bounds.js';
export type { QuantileComparison, QuantileComparisonOptions } from './quantile-comparison.js';
export { compareQuantiles } from './quantile-comparison.js';
export type { QuantileLimitCheck } from './quantile-limit.js';
export { quantileAboveLimit } from './quantile-limit.js';
