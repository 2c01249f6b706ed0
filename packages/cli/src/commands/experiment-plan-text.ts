import type { PlanDesign, PlanOptions } from '@rampkit/experiments';
import { count, rate, table, weight } from '../format/format.js';

/** One design's figures: units for an effect, or the effect for a number of units. */
export interface DesignPlan {
  design: PlanDesign;
  minimumDetectableEffect: number;
  totalUnits: number;
  unitsPerArm?: number;
  fixedHorizonUnits?: number;
  multiplier?: number;
  days?: number;
}

/** What `experiment plan` computed; `--json` prints it as it is. */
export interface PlanReport {
  options: PlanOptions;
  perDay: number | undefined;
  /** The chosen design first. */
  designs: DesignPlan[];
}

export function designName(design: PlanDesign): string {
  if (design.mode === 'fixedHorizon') return 'fixed horizon (read once)';
  if (design.mode === 'groupSequential') return `group sequential (${design.looks ?? 5} looks)`;
  return 'sequential (read any time)';
}

/** The plan for people: the question, the chosen design's answer, then the others in a table. */
export function describePlan(report: PlanReport): string[] {
  const { options } = report;
  const arms = options.arms ?? 2;
  const baseline =
    options.baseline.kind === 'binomial'
      ? `conversion rate ${rate(options.baseline.rate)}`
      : `mean ${options.baseline.mean} (sd ${options.baseline.standardDeviation})`;
  const test = options.test === 'harm' ? 'one-sided for harm' : 'two-sided';
  const lines = [
    `Baseline ${baseline}; ${arms} arms; α ${options.alpha ?? 0.05} ${test}; power ${weight((options.power ?? 0.8) * 100)}` +
      (options.varianceReduction
        ? `; CUPED removes ${weight(options.varianceReduction * 100)} of the variance`
        : ''),
  ];
  const [chosen] = report.designs;
  if (chosen === undefined) return lines;
  const lift = (effect: number) => (Number.isFinite(effect) ? `+${weight(effect * 100)}` : 'none detectable');
  lines.push(
    `${designName(chosen.design)}: ${count(chosen.totalUnits)} units (${count(chosen.totalUnits / arms)} per arm) ` +
      `detect a relative ${options.test === 'harm' ? 'harm' : 'lift'} of ${lift(chosen.minimumDetectableEffect)}` +
      (chosen.days === undefined ? '' : `; ${days(chosen.days)} at ${count(report.perDay ?? 0)} units a day`),
  );
  const costs = report.designs.every((plan) => plan.multiplier !== undefined);
  const rows = [
    [
      'design',
      'units',
      'per arm',
      'lift',
      ...(costs ? ['× read once'] : []),
      ...(report.perDay === undefined ? [] : ['days']),
    ],
  ];
  for (const plan of report.designs) {
    rows.push([
      designName(plan.design),
      count(plan.totalUnits),
      count(plan.totalUnits / arms),
      lift(plan.minimumDetectableEffect),
      ...(costs ? [`${(plan.multiplier as number).toFixed(2)}×`] : []),
      ...(plan.days === undefined ? [] : [days(plan.days)]),
    ]);
  }
  lines.push('', ...table(rows, [1, 2, 3, 4, 5]));
  return lines;
}

function days(value: number): string {
  return value < 10 ? `${value.toFixed(1)} days` : `${Math.ceil(value)} days`;
}
