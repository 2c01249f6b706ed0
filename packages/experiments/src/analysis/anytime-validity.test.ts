import { binomialUpperTail } from '@rampkit/core/stats';
import { describe, expect, it } from 'vitest';
import type { ExperimentInput } from '../model/experiment-definition.js';
import { mulberry32, normal } from '../random.test-helper.js';
import type { MetricSums } from '../statistics/sufficient-statistics.js';
import { analyzeExperiment } from './analyze-experiment.js';

/*
 * Small simulations of continuous monitoring, read after every 100 units, with the MDE set so the
 * planned sequential size falls inside the run (bench/experiments runs 10,000 of each). A test that
 * read a fixed-horizon interval at every read would reject a third of these A/A runs.
 */

/** The largest count of events among `runs` that a rate of `alpha` exceeds with probability ≤ 0.001. */
function allowance(runs: number, alpha: number): number {
  let k = 0;
  while (binomialUpperTail(k + 1, runs, alpha) > 0.001) k += 1;
  return k;
}

function experiment(kind: 'binomial' | 'mean', mde: number): ExperimentInput {
  return {
    key: 'aa',
    arms: [{ key: 'control' }, { key: 'b' }],
    control: 'control',
    metrics: [{ key: 'm', kind, minimumDetectableEffect: mde }],
  };
}

function simulate(
  definition: ExperimentInput,
  draw: (arm: 0 | 1) => number,
  truth: number,
  runs: number,
  units: number,
  seed: number,
) {
  const next = mulberry32(seed);
  let rejected = 0;
  let missed = 0;
  for (let run = 0; run < runs; run++) {
    const sums: [MetricSums, MetricSums] = [
      { n: 0, sum: 0, sumSquares: 0 },
      { n: 0, sum: 0, sumSquares: 0 },
    ];
    let everRejected = false;
    let everMissed = false;
    for (let unit = 1; unit <= units; unit++) {
      const arm = next() < 0.5 ? 0 : 1;
      const y = draw.call(null, arm) as number;
      sums[arm].n += 1;
      sums[arm].sum += y;
      sums[arm].sumSquares += y * y;
      if (unit % 100 !== 0) continue;
      const result = analyzeExperiment(definition, {
        arms: {
          control: { units: sums[0].n, metrics: { m: sums[0] } },
          b: { units: sums[1].n, metrics: { m: sums[1] } },
        },
      });
      const comparison = result.metrics[0]!.comparisons[0]!;
      if (comparison.pValue <= 0.05) everRejected = true;
      const { lower, upper } = comparison.absolute.interval;
      if (lower !== null && upper !== null && (truth < lower || truth > upper)) everMissed = true;
    }
    if (everRejected) rejected += 1;
    if (everMissed) missed += 1;
  }
  return { rejected, missed };
}

describe('continuous monitoring keeps its guarantees', () => {
  it('A/A binomial: false positives ≤ α over 150 runs read 60 times each', () => {
    const next = mulberry32(1);
    const { rejected } = simulate(experiment('binomial', 0.3), () => (next() < 0.2 ? 1 : 0), 0, 150, 6000, 2);
    expect(rejected).toBeLessThanOrEqual(allowance(150, 0.05));
  });

  it('A/B lognormal revenue: the interval covers the true lift at every read', () => {
    const next = mulberry32(3);
    // exp(N(0, 1)) has mean e^0.5; the treatment is 10% higher.
    const truth = 0.1 * Math.exp(0.5);
    const draw = (arm: 0 | 1) => (arm === 1 ? 1.1 : 1) * Math.exp(normal(next));
    const { missed } = simulate(experiment('mean', 0.3), draw, truth, 150, 6000, 4);
    expect(missed).toBeLessThanOrEqual(allowance(150, 0.05));
  });

  it('the allowance would catch a test read as if fixed-horizon', () => {
    // Reading a 95% z-test 60 times rejects a true null in about 30% of runs, far beyond it.
    expect(allowance(150, 0.05)).toBeLessThan(0.3 * 150);
  });
});
