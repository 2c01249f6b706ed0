import { isRampkitError } from '@rampkit/core';
import type { Baseline, PlanDesign, PlanOptions, SamplePlan } from '@rampkit/experiments';
import type { Command } from '../program/command.js';
import type { CommandContext } from '../program/context.js';
import { UsageError } from '../program/errors.js';
import { EXIT } from '../program/exit-codes.js';
import { describePlan, type PlanReport } from './experiment-plan-text.js';

const DESIGNS = ['sequential', 'fixed', 'group'] as const;

/** `experiment plan`: units, minimum detectable effect or days for an experiment before it starts. */
export const experimentPlan: Command = {
  spec: {
    path: ['experiment', 'plan'],
    args: [],
    summary: 'units, minimum detectable effect or duration before an experiment starts',
    details:
      'Give the baseline (--rate for a conversion metric, --mean and --sd for a per-unit value) and ' +
      'either --mde (the relative lift to detect: units needed, and days with --per-day) or --units ' +
      '(the smallest lift that many units detect). Every design is shown beside the chosen one: ' +
      'reading at any time costs more units than reading once at a planned size.',
    options: {
      rate: { type: 'string', placeholder: 'share', description: "control's conversion rate (4% or 0.04)" },
      mean: { type: 'string', placeholder: 'value', description: "control's mean per unit" },
      sd: { type: 'string', placeholder: 'value', description: 'standard deviation per unit (with --mean)' },
      mde: { type: 'string', placeholder: 'share', description: 'relative lift to detect (5% or 0.05)' },
      units: {
        type: 'string',
        placeholder: 'n',
        description: 'units available, all arms (instead of --mde)',
      },
      'per-day': {
        type: 'string',
        placeholder: 'n',
        description: 'units a day, all arms: prints the duration',
      },
      arms: {
        type: 'string',
        placeholder: 'n',
        description: 'arms with equal traffic, control included (default 2)',
      },
      metrics: {
        type: 'string',
        placeholder: 'n',
        description: 'goal metrics corrected together (default 1)',
      },
      alpha: { type: 'string', placeholder: 'level', description: 'significance level (default 0.05)' },
      power: { type: 'string', placeholder: 'share', description: 'power at the effect (default 80%)' },
      design: {
        type: 'string',
        placeholder: 'mode',
        description: 'sequential (read any time, default), fixed (read once) or group (planned looks)',
      },
      looks: { type: 'string', placeholder: 'n', description: 'planned looks of --design group (default 5)' },
      correlation: {
        type: 'string',
        placeholder: 'rho',
        description: 'pre-period correlation CUPED uses (removes rho² of the variance; default 0)',
      },
      guardrail: { type: 'boolean', description: 'one-sided test for harm, as guardrails are tested' },
    },
    store: 'none',
    examples: [
      'rampkit experiment plan --rate 4% --mde 5% --per-day 20000',
      'rampkit experiment plan --mean 31.5 --sd 88 --units 200000 --design fixed',
      'rampkit experiment plan --rate 12% --mde 3% --arms 3 --design group --looks 4 --json',
    ],
  },

  async run(ctx) {
    const { planDuration, planMinimumDetectableEffect, planSampleSize } = await import(
      '@rampkit/experiments'
    );
    const base = planOptions(ctx);
    const mde = share(ctx, 'mde');
    const units = ctx.number('units');
    const perDay = ctx.number('per-day');
    if ((mde === undefined) === (units === undefined)) {
      throw new UsageError(`${ctx.name}: give exactly one of --mde and --units`, ctx.name);
    }
    const designs = alternatives(base.design ?? { mode: 'sequential' }, ctx);
    const report: PlanReport = { options: base, perDay, designs: [] };
    try {
      for (const design of designs) {
        const options = { ...base, design };
        if (mde !== undefined) {
          const plan: SamplePlan = planSampleSize({ ...options, minimumDetectableEffect: mde });
          report.designs.push({
            design,
            minimumDetectableEffect: mde,
            ...plan,
            ...(perDay === undefined
              ? {}
              : {
                  days: planDuration({ ...options, minimumDetectableEffect: mde, unitsPerDay: perDay }).days,
                }),
          });
        } else {
          const effect = planMinimumDetectableEffect({ ...options, units: units as number });
          report.designs.push({
            design,
            minimumDetectableEffect: effect,
            totalUnits: units as number,
            ...(perDay === undefined ? {} : { days: (units as number) / perDay }),
          });
        }
      }
    } catch (error) {
      throw inOptionNames(ctx, error);
    }
    if (ctx.out.json) ctx.out.data(report);
    else for (const line of describePlan(report)) ctx.out.line(line);
    return EXIT.ok;
  },
};

function planOptions(ctx: CommandContext): PlanOptions {
  const rate = share(ctx, 'rate');
  const mean = ctx.string('mean');
  if ((rate === undefined) === (mean === undefined)) {
    throw new UsageError(`${ctx.name}: give the baseline as --rate, or as --mean with --sd`, ctx.name);
  }
  let baseline: Baseline;
  if (rate !== undefined) baseline = { kind: 'binomial', rate };
  else {
    const sd = ctx.number('sd');
    if (sd === undefined) throw new UsageError(`${ctx.name}: --mean needs --sd`, ctx.name);
    const value = Number(mean);
    if (!Number.isFinite(value) || value === 0) {
      throw new UsageError(
        `${ctx.name}: --mean must be a number other than 0, got ${JSON.stringify(mean)}`,
        ctx.name,
      );
    }
    baseline = { kind: 'mean', mean: value, standardDeviation: sd };
  }
  const arms = integer(ctx, 'arms') ?? 2;
  const metrics = integer(ctx, 'metrics') ?? 1;
  const correlation = share(ctx, 'correlation');
  const options: PlanOptions = {
    baseline,
    arms,
    comparisons: (arms - 1) * metrics,
    design: chosenDesign(ctx),
    test: ctx.flag('guardrail') ? 'harm' : 'twoSided',
  };
  const alpha = share(ctx, 'alpha');
  const power = share(ctx, 'power');
  if (alpha !== undefined) options.alpha = alpha;
  if (power !== undefined) options.power = power;
  if (correlation !== undefined) options.varianceReduction = correlation ** 2;
  return options;
}

function chosenDesign(ctx: CommandContext): PlanDesign {
  const mode = ctx.string('design') ?? 'sequential';
  if (!(DESIGNS as readonly string[]).includes(mode)) {
    throw new UsageError(
      `${ctx.name}: --design must be one of ${DESIGNS.join(', ')}, got ${JSON.stringify(mode)}`,
      ctx.name,
    );
  }
  if (mode === 'fixed') return { mode: 'fixedHorizon' };
  if (mode === 'group') return { mode: 'groupSequential', looks: integer(ctx, 'looks') ?? 5 };
  return { mode: 'sequential' };
}

/** The chosen design first, then the others, so the price of each is seen side by side. */
function alternatives(chosen: PlanDesign, ctx: CommandContext): PlanDesign[] {
  const looks = integer(ctx, 'looks') ?? 5;
  const all: PlanDesign[] = [
    { mode: 'sequential' },
    { mode: 'groupSequential', looks },
    { mode: 'fixedHorizon' },
  ];
  return [chosen, ...all.filter((design) => design.mode !== chosen.mode)];
}

/** The planner names its inputs by their option paths; the command line knows them as options. */
const OPTION_OF: Readonly<Record<string, string>> = {
  'baseline.rate': '--rate',
  'baseline.mean': '--mean',
  'baseline.standardDeviation': '--sd',
  alpha: '--alpha',
  power: '--power',
  arms: '--arms',
  comparisons: '--metrics',
  varianceReduction: '--correlation',
  'design.looks': '--looks',
  minimumDetectableEffect: '--mde',
  units: '--units',
  unitsPerDay: '--per-day',
};

function inOptionNames(ctx: CommandContext, error: unknown): unknown {
  if (!isRampkitError(error) || error.code !== 'RAMPKIT_INVALID_ARGUMENT') return error;
  const message = error.message
    .replace(/^invalid planning options: /, '')
    .replace(/(^|; )([\w.]+):/g, (whole, separator: string, path: string) =>
      OPTION_OF[path] === undefined ? whole : `${separator}${OPTION_OF[path]}:`,
    );
  return new UsageError(`${ctx.name}: ${message}`, ctx.name);
}

/** `4%` or `0.04`. @throws UsageError */
function share(ctx: CommandContext, option: string): number | undefined {
  const text = ctx.string(option);
  if (text === undefined) return undefined;
  const percent = text.endsWith('%');
  const value = Number(percent ? text.slice(0, -1) : text) / (percent ? 100 : 1);
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0) {
    throw new UsageError(
      `${ctx.name}: --${option} must be a positive share like 5% or 0.05, got ${JSON.stringify(text)}`,
      ctx.name,
    );
  }
  return value;
}

function integer(ctx: CommandContext, option: string): number | undefined {
  const value = ctx.number(option);
  if (value !== undefined && !Number.isInteger(value)) {
    throw new UsageError(`${ctx.name}: --${option} must be a whole number, got ${value}`, ctx.name);
  }
  return value;
}
