import type { FlagDefinition } from '@rampkit/core';
import type { ExperimentInput } from '@rampkit/experiments';

/** One A/B test of the demo's third act: a page, its two arms, and how visitors behave in each. */
export interface DemoExperiment {
  flag: string;
  path: string;
  /** What the audience is told about this experiment. */
  story: string;
  control: string;
  treatment: string;
  /** The goal metric tracked when a visitor converts, and each arm's conversion rate per visitor. */
  goal: string;
  conversion: Readonly<Record<string, number>>;
  /** The experiment as its owner defined it before it started (the split as planned: 50/50). */
  definition: ExperimentInput;
  /**
   * The treatment's share, in basis points, that someone moves the split to halfway through: the
   * mismatch the sample-ratio check exists to catch. @default no change
   */
  midTestTreatmentWeight?: number;
}

/** Tracked on every visit of every experiment page: the same in both arms, so it must hold. */
export const PAGE_LOAD_METRIC = 'page-load-ms';

const guardrail = {
  key: PAGE_LOAD_METRIC,
  kind: 'mean',
  role: 'guardrail',
  direction: 'lowerIsBetter',
  tolerance: 0.05,
} as const;

/** What sets one demo experiment apart; the rest (a 50/50 split, the goal and guardrail metrics) is shared. */
interface DemoExperimentInput
  extends Omit<DemoExperiment, 'conversion' | 'definition'>,
    Pick<ExperimentInput, 'minimumDetectableEffect'> {
  /** Each arm's conversion rate per visitor. */
  rates: { control: number; treatment: number };
}

function demoExperiment(input: DemoExperimentInput): DemoExperiment {
  const { control, treatment } = input;
  const mde = input.minimumDetectableEffect;
  return {
    flag: input.flag,
    path: input.path,
    story: input.story,
    control,
    treatment,
    goal: input.goal,
    conversion: { [control]: input.rates.control, [treatment]: input.rates.treatment },
    definition: {
      key: input.flag,
      arms: [
        { key: control, weight: 5000 },
        { key: treatment, weight: 5000 },
      ],
      control,
      ...(mde === undefined ? {} : { minimumDetectableEffect: mde }),
      metrics: [{ key: input.goal, kind: 'binomial' }, guardrail],
    },
    ...(input.midTestTreatmentWeight === undefined
      ? {}
      : { midTestTreatmentWeight: input.midTestTreatmentWeight }),
  };
}

/** A real winner with its guardrail held, then a test whose split is changed halfway. */
export const DEMO_EXPERIMENTS: readonly DemoExperiment[] = [
  demoExperiment({
    flag: 'pricing-page',
    path: '/pricing',
    story: 'the annual plan shown first converts 10% → 15%; page load is the guardrail',
    control: 'monthly-first',
    treatment: 'annual-first',
    goal: 'purchase',
    rates: { control: 0.1, treatment: 0.15 },
    // A pricing-page redesign is worth shipping only for a large lift: tuned for +20%, the
    // sequential test reads it from a few thousand visitors.
    minimumDetectableEffect: 0.2,
  }),
  demoExperiment({
    flag: 'search-banner',
    path: '/search',
    story: 'halfway through, someone moves the banner from 50% to 70% "to get results sooner"',
    control: 'no-banner',
    treatment: 'banner',
    goal: 'search',
    rates: { control: 0.3, treatment: 0.3 },
    midTestTreatmentWeight: 7000,
  }),
];

/** An experiment's flag: a 50/50 split of its two arms (or `treatmentWeight` basis points to treatment). */
export function experimentFlag(experiment: DemoExperiment, treatmentWeight = 5000): FlagDefinition {
  return {
    key: experiment.flag,
    kind: 'experiment',
    description: experiment.story,
    variations: { [experiment.control]: experiment.control, [experiment.treatment]: experiment.treatment },
    offVariation: experiment.control,
    fallthrough: {
      split: {
        weights: [
          { variation: experiment.control, weight: 10_000 - treatmentWeight },
          { variation: experiment.treatment, weight: treatmentWeight },
        ],
      },
    },
  };
}
