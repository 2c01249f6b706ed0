import { describe, expect, it } from 'vitest';
import { InvalidPlanError } from '../errors.js';
import { parsePlan } from './parse.js';
import type { PlanInput } from './types.js';
import { expandPlan, validatePlan } from './validate.js';

const canary: PlanInput = {
  flag: 'checkout',
  stable: 'v1',
  canary: 'v2',
  strategy: 'canary',
  steps: [{ weight: 5, hold: '5m' }, { approval: true }, { weight: 25, hold: 600_000 }, { weight: 50 }],
};

function issuesOf(input: unknown): string[] {
  try {
    validatePlan(input);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidPlanError);
    return (error as InvalidPlanError).issues.map((issue) => `${issue.path}: ${issue.message}`);
  }
  throw new Error('the plan was accepted');
}

describe('plans are validated with errors naming the field', () => {
  it('names an out-of-range weight by its step index', () => {
    const issues = issuesOf({ ...canary, steps: [{ weight: 5 }, { weight: 25 }, { weight: 120 }] });
    expect(issues).toEqual(['steps[2].weight: must be a number from 0 to 100, got 120']);
    expect(() => validatePlan({ ...canary, steps: [{ weight: 120 }] })).toThrow(
      /invalid rollout plan: steps\[0\]\.weight: must be a number from 0 to 100/,
    );
  });

  it('collects every problem of a plan at once', () => {
    const issues = issuesOf({
      flag: '',
      strategy: 'canary',
      steps: [{ weight: 30 }, { weight: 10, hold: 'soon' }, {}],
      analysis: { interval: 0, staleAfter: '-5s', compareErrorRate: { alpha: 2 } },
      gates: { webhooks: [{ url: 'ftp://x' }], windows: [{ timeZone: 'Mars/Olympus', start: '25:00' }] },
      colour: 'blue',
    });
    expect(issues).toEqual(
      expect.arrayContaining([
        'colour: unknown property; allowed: $schema, id, flag, stable, canary, strategy, steps, linear, exponential, blueGreen, analysis, gates, notifications, description',
        'flag: must be a non-empty string, got the string ""',
        "steps[1].weight: must not be below the previous step's 30% (ramps only go up)",
        "steps[1].hold: must be a duration like '30s', '5m', '1h' or '1h30m', got the string \"soon\"",
        'steps[2]: must set weight, hold or approval',
        'analysis.interval: must be longer than zero',
        "analysis.staleAfter: must be a duration like '30s', '5m', '1h' or '1h30m', got the string \"-5s\"",
        'analysis.compareErrorRate.alpha: must be in (0, 0.5), got 2',
        'gates.webhooks[0].url: must be an http(s) URL, got the string "ftp://x"',
        'gates.windows[0].start: must be a local time HH:MM (00:00 to 24:00), got the string "25:00"',
        'gates.windows[0].timeZone: must be an IANA time zone such as Europe/Berlin, got the string "Mars/Olympus"',
      ]),
    );
  });

  it('says a required field is missing, and names a flags file given as a plan', () => {
    expect(issuesOf({ steps: [{ weight: 5 }] })).toEqual([
      'flag: is required',
      'strategy: is required: one of canary, linear, exponential, blueGreen',
    ]);
    expect(issuesOf({ flags: [{ key: 'checkout' }] })).toEqual([
      '$: this is a flags file (it lists `flags`), not a rollout plan: a plan names one `flag` and a `strategy` (docs/plans.md)',
    ]);
  });

  it('refuses weights finer than a basis point, 100 before the last step, and equal arms', () => {
    expect(issuesOf({ ...canary, steps: [{ weight: 0.125 }] })).toEqual([
      'steps[0].weight: must have at most two decimals (weights are basis points), got 0.125',
    ]);
    expect(issuesOf({ ...canary, steps: [{ weight: 100 }, { weight: 100 }] })).toEqual([
      'steps[0].weight: 100 completes the rollout, so only the last step may have it',
    ]);
    expect(issuesOf({ ...canary, canary: 'v1' })).toEqual([
      'canary: must differ from stable (both are "v1")',
    ]);
  });

  it('asks for the settings of the strategy named, and only those', () => {
    expect(issuesOf({ flag: 'f', strategy: 'linear', steps: [{ weight: 5 }] })).toEqual([
      'steps: belongs to another strategy; strategy linear takes linear',
      'linear: is required for strategy linear',
    ]);
    expect(issuesOf({ flag: 'f', strategy: 'rainbow' })).toEqual([
      'strategy: must be one of canary, linear, exponential, blueGreen, got the string "rainbow"',
    ]);
  });

  it('fills in defaults: arm names, interval, no-data deadline and action, gates', () => {
    const plan = validatePlan({ flag: 'checkout', strategy: 'canary', steps: [{ weight: 10 }] });
    expect(plan).toMatchObject({
      stable: 'stable',
      canary: 'canary',
      analysis: {
        intervalMs: 60_000,
        staleAfterMs: 60_000,
        noData: { deadlineMs: 1_800_000, action: 'pause' },
      },
      gates: { healthChecks: [], webhooks: [], windows: [], freezes: [], maxFailures: 3 },
      notifications: [],
    });
    expect(plan.steps[0]?.analysis).toMatchObject({ minRequests: 200, consecutiveFailures: 3 });
  });

  it('takes the staleness limit from the plan, else the interval, at least 30 s', () => {
    const at = (analysis: object) =>
      validatePlan({ flag: 'f', strategy: 'canary', steps: [{ weight: 10 }], analysis }).analysis
        .staleAfterMs;
    expect(at({ interval: '10s' })).toBe(30_000);
    expect(at({ interval: '2m' })).toBe(120_000);
    expect(at({ interval: '10s', staleAfter: '45s' })).toBe(45_000);
  });
});

describe('steps: explicit, or expanded from linear and exponential ramps, always ending at 100%', () => {
  it('keeps canary steps as written, inheriting weights, and appends 100%', () => {
    const steps = expandPlan(canary);
    expect(steps.map((step) => [step.weight, step.holdMs, step.approval])).toEqual([
      [5, 300_000, false],
      [5, 0, true],
      [25, 600_000, false],
      [50, 0, false],
      [100, 0, false],
    ]);
    expect(steps.at(-1)?.analysis).toBeNull();
  });

  it('merges per-step analysis overrides over the plan, or turns analysis off for a step', () => {
    const steps = expandPlan({
      ...canary,
      analysis: { minRequests: 50, compareLatency: { tolerance: 0.5 } },
      steps: [
        { weight: 5, analysis: { compareLatency: { quantile: 'p99' } } },
        { weight: 10, analysis: false },
      ],
    });
    expect(steps[0]?.analysis?.minRequests).toBe(50);
    expect(steps[0]?.analysis?.compareLatency).toMatchObject({ quantile: 'p99', tolerance: 0.5 });
    expect(steps[1]?.analysis).toBeNull();
  });

  it('expands linear: step, every, max, then 100', () => {
    const steps = expandPlan({
      flag: 'f',
      strategy: 'linear',
      linear: { step: 12.5, every: '10m', max: 40 },
    });
    expect(steps.map((step) => step.weight)).toEqual([12.5, 25, 37.5, 40, 100]);
    expect(steps.map((step) => step.holdMs)).toEqual([600_000, 600_000, 600_000, 600_000, 0]);
  });

  it('expands exponential: start × factor^k capped at max, weights in basis points', () => {
    const steps = expandPlan({
      flag: 'f',
      strategy: 'exponential',
      exponential: { start: 1, factor: 3, every: '1m' },
    });
    expect(steps.map((step) => step.weight)).toEqual([1, 3, 9, 27, 81, 100]);
    const fine = expandPlan({
      flag: 'f',
      strategy: 'exponential',
      exponential: { start: 0.01, factor: 1.5, every: 0, max: 0.1 },
    });
    expect(fine.map((step) => step.weight)).toEqual([0.01, 0.02, 0.03, 0.05, 0.08, 0.1, 100]);
  });

  it('refuses a ramp that would expand to more than 100 steps', () => {
    expect(issuesOf({ flag: 'f', strategy: 'linear', linear: { step: 0.5, every: '1m' } })).toEqual([
      'linear: expands to more than 100 steps; take bigger steps',
    ]);
  });

  it('makes blue-green one analysed switch to 100% with a baseline window', () => {
    const steps = expandPlan({
      flag: 'f',
      strategy: 'blueGreen',
      blueGreen: { window: '15m', baseline: '1h' },
    });
    expect(steps).toHaveLength(1);
    expect(steps[0]).toMatchObject({ weight: 100, holdMs: 900_000, baselineMs: 3_600_000 });
    expect(steps[0]?.analysis).not.toBeNull();
  });
});

describe('plans read the same from JSON and YAML', () => {
  it('parses YAML and JSON into the same plan', () => {
    const yaml = `
flag: checkout
stable: v1
canary: v2
strategy: canary
steps:
  - weight: 5
    hold: 5m
  - approval: true
  - weight: 25
    hold: 600000
  - weight: 50
`;
    expect(parsePlan(yaml)).toEqual(canary);
    expect(parsePlan(JSON.stringify(canary))).toEqual(canary);
    expect(parsePlan(JSON.stringify(canary), 'yaml')).toEqual(canary);
  });

  it('reports text that does not parse at path $, with the YAML line', () => {
    expect(() => parsePlan('{ "flag": ', 'json')).toThrow(/\$: not valid JSON/);
    expect(() => parsePlan('flag: a\n  strategy: [\n')).toThrow(/\$: not valid YAML \(line \d+\)/);
  });

  it('validates what it parsed', () => {
    expect(() => parsePlan('flag: a\nstrategy: canary\nsteps:\n  - weight: 101\n')).toThrow(
      'steps[0].weight: must be a number from 0 to 100, got 101',
    );
  });
});
