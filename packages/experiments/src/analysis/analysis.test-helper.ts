import type { ExperimentInput } from '../model/experiment-definition.js';
import type { ExperimentStatistics, MetricSums } from '../statistics/sufficient-statistics.js';

/** Binomial sums: `converted` of `n`. */
export function rate(n: number, converted: number): MetricSums {
  return { n, sum: converted, sumSquares: converted };
}

/** Mean sums from a mean and a standard deviation (sample variance, n − 1). */
export function mean(n: number, average: number, sd: number): MetricSums {
  return { n, sum: n * average, sumSquares: (n - 1) * sd * sd + n * average * average };
}

/** Statistics for arms given as { arm: { metric: sums } }, units taken from the first metric. */
export function statsOf(arms: Record<string, Record<string, MetricSums>>): ExperimentStatistics {
  return {
    arms: Object.fromEntries(
      Object.entries(arms).map(([arm, metrics]) => [arm, { units: Object.values(metrics)[0]!.n, metrics }]),
    ),
  };
}

export const twoArms: ExperimentInput = {
  key: 'checkout',
  arms: [{ key: 'control' }, { key: 'b' }],
  control: 'control',
  metrics: [
    { key: 'purchase', kind: 'binomial' },
    { key: 'latency', kind: 'mean', role: 'guardrail', direction: 'lowerIsBetter' },
  ],
};
