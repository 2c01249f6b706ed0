/*
 * The engine's input: per arm and metric, sums over units that any store can keep and add up
 * (docs/experiments.md, "Sufficient statistics", shows the SQL). Sums merge by addition, so shards,
 * processes and days combine in any order (merge-statistics.ts). Plain JSON: numbers only.
 */

/** A ratio metric's denominator x (sessions, for clicks per session). */
export interface DenominatorSums {
  /** Σ x over units. */
  sum: number;
  /** Σ x² over units. */
  sumSquares: number;
  /** Σ x·y over units (y the numerator). */
  crossSum: number;
}

/** The pre-exposure covariate z of CUPED (the same metric before exposure, or a supplied value). */
export interface CovariateSums {
  /** Σ z over units. */
  sum: number;
  /** Σ z² over units. */
  sumSquares: number;
  /** Σ y·z over units (y the metric, a ratio's numerator). */
  crossSum: number;
  /** Ratio metrics only: Σ x·z over units (x the denominator). */
  denominatorCrossSum?: number;
}

/**
 * One metric in one arm. y is the unit's value: 0 or 1 for a binomial metric, the (capped) per-unit sum
 * for a mean metric, the (capped) numerator for a ratio metric. Units without events count with y = 0
 * (and x = 0, z = 0): n is every unit exposed.
 */
export interface MetricSums {
  /** Units n. */
  n: number;
  /** Σ y. */
  sum: number;
  /** Σ y² (equal to Σ y for a binomial metric). */
  sumSquares: number;
  /** The cap applied to y before summing; present exactly when the metric has a cap. */
  cappedAt?: number;
  /** Ratio metrics: the denominator's sums. */
  denominator?: DenominatorSums;
  /** Metrics with CUPED: the covariate's sums. */
  covariate?: CovariateSums;
}

/** One arm: its exposed units (for the sample-ratio check) and each metric's sums. */
export interface ArmStatistics {
  /** Units assigned to the arm and exposed, counted once each. */
  units: number;
  /** By metric key. */
  metrics: Record<string, MetricSums>;
}

/** Everything the engine reads about an experiment, by arm key. */
export interface ExperimentStatistics {
  arms: Record<string, ArmStatistics>;
}
