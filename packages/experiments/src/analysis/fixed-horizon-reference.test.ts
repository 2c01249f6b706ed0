import { describe, expect, it } from 'vitest';
import type { MetricInput } from '../model/metric-definition.js';
import { close, type FixedHorizonCase, fixedHorizonCases, reference } from '../reference.test-helper.js';
import { analyzeExperiment } from './analyze-experiment.js';

/** The case as a two-arm fixed-horizon experiment read at its planned size. */
function analyse(testCase: FixedHorizonCase, cuped: boolean) {
  const metric: MetricInput = { key: 'm', kind: testCase.kind };
  if (cuped) metric.cuped = { covariate: 'prePeriod' };
  const strip = (sums: FixedHorizonCase['control']) => {
    if (cuped) return sums;
    const { covariate: _, ...rest } = sums;
    return rest;
  };
  const result = analyzeExperiment(
    {
      key: testCase.id,
      arms: [{ key: 'control' }, { key: 'treatment' }],
      control: 'control',
      metrics: [metric],
      alpha: testCase.alpha,
      design: { mode: 'fixedHorizon', plannedUnits: 2 },
    },
    {
      arms: {
        control: { units: testCase.control.n, metrics: { m: strip(testCase.control) } },
        treatment: { units: testCase.treatment.n, metrics: { m: strip(testCase.treatment) } },
      },
    },
  );
  return result.metrics[0]!.comparisons[0]!;
}

describe('fixed-horizon lift, interval and p-value agree with SciPy and statsmodels', () => {
  it.each(
    fixedHorizonCases.map((testCase, i) => ({
      testCase,
      expected: reference.fixedHorizon[i]!,
      id: testCase.id,
    })),
  )('$id', ({ testCase, expected }) => {
    expect(expected.id).toBe(testCase.id);
    const comparison = analyse(testCase, false);
    expect(close(comparison.absolute.estimate!, expected.difference, 1e-9)).toBe(true);
    expect(close(comparison.absolute.standardError!, expected.standardError, 1e-9)).toBe(true);
    expect(close(comparison.absolute.interval.lower!, expected.lower, 1e-9)).toBe(true);
    expect(close(comparison.absolute.interval.upper!, expected.upper, 1e-9)).toBe(true);
    expect(close(comparison.pValue, expected.pValue, 1e-9)).toBe(true);
    if (expected.cupedDifference !== undefined) {
      const adjusted = analyse(testCase, true);
      expect(close(adjusted.absolute.estimate!, expected.cupedDifference, 1e-9)).toBe(true);
      expect(close(adjusted.cuped!.theta, expected.cupedTheta!, 1e-9)).toBe(true);
    }
  });
});
