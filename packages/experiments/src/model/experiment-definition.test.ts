import { describe, expect, it } from 'vitest';
import { type InvalidExperimentError, isInvalidExperimentError } from '../errors.js';
import { type ExperimentInput, validateExperiment } from './experiment-definition.js';

const valid: ExperimentInput = {
  key: 'checkout-button',
  arms: [{ key: 'control' }, { key: 'green', weight: 1 }],
  control: 'control',
  metrics: [
    { key: 'purchase', kind: 'binomial' },
    { key: 'revenue', kind: 'mean', cap: { percentile: 99 }, cuped: { covariate: 'prePeriod' } },
    { key: 'latency', kind: 'mean', role: 'guardrail', direction: 'lowerIsBetter', tolerance: 0.02 },
  ],
};

function issuesOf(input: unknown): string[] {
  try {
    validateExperiment(input);
  } catch (error) {
    expect(isInvalidExperimentError(error)).toBe(true);
    return (error as InvalidExperimentError).issues.map((issue) => `${issue.path}: ${issue.message}`);
  }
  throw new Error('expected the definition to be refused');
}

describe('an experiment definition is validated with paths, like flags', () => {
  it('fills in every default', () => {
    const definition = validateExperiment(valid);
    expect(definition.alpha).toBe(0.05);
    expect(definition.power).toBe(0.8);
    expect(definition.minimumDetectableEffect).toBe(0.05);
    expect(definition.design).toEqual({ mode: 'sequential' });
    expect(definition.srmAlpha).toBe(0.001);
    expect(definition.arms).toEqual([
      { key: 'control', weight: 1 },
      { key: 'green', weight: 1 },
    ]);
    expect(definition.metrics[0]).toEqual({
      key: 'purchase',
      kind: 'binomial',
      direction: 'higherIsBetter',
      role: 'goal',
      minimumDetectableEffect: 0.05,
      tolerance: 0,
    });
    expect(definition.metrics[2]!.tolerance).toBe(0.02);
    expect(validateExperiment(definition)).toEqual(definition);
  });

  it('names every problem with its path', () => {
    const issues = issuesOf({
      ...valid,
      alpha: 0.7,
      control: 'blue',
      metrics: [
        { key: 'purchase', kind: 'binomial', cap: { value: 1 } },
        { key: 'revenue', kind: 'sum' },
        { key: 'aov', kind: 'mean', cap: { percentile: 120 } },
        { key: 'aov', kind: 'ratio', role: 'goal', tolerance: 0.1, colour: 'red' },
      ],
      design: { mode: 'groupSequential', plannedUnits: 1000, looks: 40 },
    });
    expect(issues).toEqual([
      'alpha: must be a number above 0 and at most 0.5, got 0.7',
      'control: must be one of the arms (control, green), got the string "blue"',
      'metrics[0].cap: a binomial metric is 0 or 1 per unit and cannot be capped',
      'metrics[1].kind: must be one of binomial, mean, ratio, got the string "sum"',
      'metrics[2].cap.percentile: must be a number above 0 and below 100, got 120',
      'metrics[3].colour: unknown property; allowed: key, kind, direction, role, cap, cuped, minimumDetectableEffect, tolerance',
      'metrics[3].tolerance: only a guardrail has a tolerance',
      'design.looks: must be an integer from 2 to 20, got 40',
    ]);
  });

  it('refuses duplicate keys, a single arm, no goal and a missing planned size', () => {
    expect(issuesOf({ ...valid, arms: [{ key: 'control' }] })).toEqual([
      'arms: must list at least two arms (control and a treatment), got 1',
    ]);
    expect(issuesOf({ ...valid, arms: [{ key: 'control' }, { key: 'control' }] })).toEqual([
      'arms[1].key: "control" is listed twice',
    ]);
    expect(issuesOf({ ...valid, metrics: [{ key: 'latency', kind: 'mean', role: 'guardrail' }] })).toEqual([
      'metrics: must include at least one goal metric (role: goal), which decides what ships',
    ]);
    expect(issuesOf({ ...valid, design: { mode: 'fixedHorizon' } })).toEqual([
      'design.plannedUnits: must be an integer at least 2, got nothing',
    ]);
    expect(issuesOf({ ...valid, metrics: [valid.metrics[0], valid.metrics[0]] })).toEqual([
      'metrics[1].key: "purchase" is listed twice',
    ]);
  });

  it('refuses what is not an object, and says where it came from', () => {
    expect(() => validateExperiment(null, 'experiments/checkout.json')).toThrowError(
      /^invalid experiment in experiments\/checkout.json: \$: must be an object, got null$/,
    );
    expect(issuesOf({ ...valid, metrics: [{ key: 'bad key!', kind: 'mean' }] })[0]).toMatch(
      /^metrics\[0\]\.key: must be 1 to 128/,
    );
  });

  it('throws a RampkitError with a stable code', () => {
    try {
      validateExperiment({});
    } catch (error) {
      expect((error as InvalidExperimentError).code).toBe('RAMPKIT_INVALID_EXPERIMENT');
      expect((error as Error).name).toBe('InvalidExperimentError');
      return;
    }
    throw new Error('expected a throw');
  });
});
