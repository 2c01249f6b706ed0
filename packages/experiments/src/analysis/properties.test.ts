import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DesignInput, ExperimentInput } from '../model/experiment-definition.js';
import { buildStatistics } from '../statistics/build-statistics.js';
import { mergeStatistics } from '../statistics/merge-statistics.js';
import type { MetricSums } from '../statistics/sufficient-statistics.js';
import { mean, rate, statsOf } from './analysis.test-helper.js';
import { analyzeExperiment } from './analyze-experiment.js';

const designs: DesignInput[] = [
  { mode: 'sequential' },
  { mode: 'fixedHorizon', plannedUnits: 1000 },
  { mode: 'groupSequential', plannedUnits: 5000, looks: 4 },
];

function experiment(
  kind: 'binomial' | 'mean',
  design: DesignInput,
  control = 'control',
  alpha = 0.05,
): ExperimentInput {
  return {
    key: 'e',
    arms: [{ key: 'control' }, { key: 'b' }],
    control,
    metrics: [{ key: 'm', kind }],
    design,
    alpha,
  };
}

const binomialArm = fc
  .tuple(fc.integer({ min: 200, max: 20000 }), fc.double({ min: 0.02, max: 0.6, noNaN: true }))
  .map(([n, p]) => rate(n, Math.round(n * p)));
const meanArm = fc
  .tuple(
    fc.integer({ min: 200, max: 20000 }),
    fc.double({ min: 1, max: 50, noNaN: true }),
    fc.double({ min: 0.5, max: 30, noNaN: true }),
  )
  .map(([n, m, sd]) => mean(n, m, sd));

describe('analysis invariants', () => {
  it('swapping the arm labels negates the lift and keeps the p-value (designs without a baseline-tuned test)', () => {
    for (const design of designs.slice(1)) {
      fc.assert(
        fc.property(fc.oneof(fc.tuple(binomialArm, binomialArm), fc.tuple(meanArm, meanArm)), ([a, b]) => {
          const kind = a.sum === a.sumSquares && b.sum === b.sumSquares ? 'binomial' : 'mean';
          const stats = statsOf({ control: { m: a }, b: { m: b } });
          const forward = analyzeExperiment(experiment(kind, design), stats).metrics[0]!.comparisons[0]!;
          const backward = analyzeExperiment(experiment(kind, design, 'b'), stats).metrics[0]!
            .comparisons[0]!;
          expect(backward.absolute.estimate!).toBeCloseTo(-forward.absolute.estimate!, 12);
          expect(backward.absolute.interval.lower!).toBeCloseTo(-forward.absolute.interval.upper!, 12);
          expect(backward.pValue).toBeCloseTo(forward.pValue, 10);
        }),
        { numRuns: 10 },
      );
    }
  });

  it('a mean metric in other units (cents for dollars) has the same p-values, relative lifts and decision', () => {
    const scale = (sums: MetricSums, c: number): MetricSums => ({
      n: sums.n,
      sum: c * sums.sum,
      sumSquares: c * c * sums.sumSquares,
    });
    for (const design of designs) {
      fc.assert(
        fc.property(meanArm, meanArm, fc.double({ min: 0.01, max: 1000, noNaN: true }), (a, b, c) => {
          const one = analyzeExperiment(
            experiment('mean', design),
            statsOf({ control: { m: a }, b: { m: b } }),
          );
          const other = analyzeExperiment(
            experiment('mean', design),
            statsOf({ control: { m: scale(a, c) }, b: { m: scale(b, c) } }),
          );
          const [x, y] = [one.metrics[0]!.comparisons[0]!, other.metrics[0]!.comparisons[0]!];
          expect(y.pValue).toBeCloseTo(x.pValue, 8);
          expect(y.relative.estimate!).toBeCloseTo(x.relative.estimate!, 10);
          expect(y.absolute.estimate! / c).toBeCloseTo(x.absolute.estimate!, 8);
          expect(other.decision.action).toBe(one.decision.action);
        }),
        { numRuns: 15 },
      );
    }
  });

  it('intervals widen as α shrinks, in every design', () => {
    for (const design of designs) {
      fc.assert(
        fc.property(binomialArm, binomialArm, fc.constantFrom(0.01, 0.05, 0.1, 0.2), (a, b, alpha) => {
          const stats = statsOf({ control: { m: a }, b: { m: b } });
          const wide = analyzeExperiment(experiment('binomial', design, 'control', alpha / 2), stats)
            .metrics[0]!.comparisons[0]!;
          const narrow = analyzeExperiment(experiment('binomial', design, 'control', alpha), stats)
            .metrics[0]!.comparisons[0]!;
          expect(wide.absolute.interval.lower!).toBeLessThan(narrow.absolute.interval.lower!);
          expect(wide.absolute.interval.upper!).toBeGreaterThan(narrow.absolute.interval.upper!);
        }),
        { numRuns: 10 },
      );
    }
  });

  it('statistics merged from shards analyse like statistics built at once', () => {
    const definition = experiment('mean', designs[0]!);
    const units = Array.from({ length: 600 }, (_, i) => ({
      arm: i % 3 === 0 ? 'b' : 'control',
      metrics: { m: (i * 7919) % 101 },
    }));
    const resolved = {
      arms: [
        { key: 'control', weight: 1 },
        { key: 'b', weight: 1 },
      ],
      metrics: [
        {
          key: 'm',
          kind: 'mean' as const,
          direction: 'higherIsBetter' as const,
          role: 'goal' as const,
          minimumDetectableEffect: 0.05,
          tolerance: 0,
        },
      ],
    };
    const whole = analyzeExperiment(definition, buildStatistics(resolved, units));
    const sharded = analyzeExperiment(
      definition,
      mergeStatistics(
        buildStatistics(resolved, units.slice(0, 250)),
        buildStatistics(resolved, units.slice(250)),
      ),
    );
    expect(sharded.metrics[0]!.comparisons[0]!.pValue).toBeCloseTo(
      whole.metrics[0]!.comparisons[0]!.pValue,
      12,
    );
    expect(sharded.decision).toEqual(whole.decision);
  });

  it('results are plain JSON: no NaN or Infinity even with no data', () => {
    const empty = statsOf({ control: { m: rate(0, 0) }, b: { m: rate(0, 0) } });
    for (const design of designs) {
      const result = analyzeExperiment(experiment('binomial', design), empty);
      expect(JSON.parse(JSON.stringify(result))).toEqual(result);
    }
  });
});
