import { formatPercent } from '@rampkit/core/internal';
import type { ExperimentDefinition } from '../model/experiment-definition.js';
import type { ComparisonWork } from './compare-arm.js';
import type { Reading } from './reading.js';
import type { Decision, SrmResult } from './result.js';

/*
 * The experiment's decision, in order:
 *
 * 1. A sample ratio mismatch withholds every verdict: the arms are not the populations they should be.
 * 2. A read the design does not allow (fixed horizon before its size, group-sequential before its first
 *    look) decides nothing.
 * 3. Each treatment arm is
 *    - rejected when a goal is significantly worse or a guardrail is harmed;
 *    - a winner when a goal is significantly better (Holm-corrected) and it is not rejected;
 *    - short of the MDE when every goal's interval rules out a lift as large as the MDE (a valid
 *      conclusion at any read of a sequential design), or when the design's planned size is reached
 *      (fixed horizon and the last look: by design; sequential: the units the MDE needs);
 *    - open otherwise.
 * 4. Ship the winner with the largest lift on the first goal metric it improved; keep control when
 *    every arm is rejected or short of the MDE; otherwise keep going, with the units still needed.
 */

/** `planned`: the design's size was reached; `mde`: the intervals rule out the MDE. */
type ArmStatus = 'rejected' | 'winner' | 'planned' | 'mde' | 'open';

export interface DecideInput {
  definition: ExperimentDefinition;
  reading: Reading;
  srm: SrmResult;
  units: number;
  /** Comparisons by treatment arm, in the definition's metric order. */
  byArm: ReadonlyMap<string, readonly ComparisonWork[]>;
  unitsPerDay?: number;
}

export function decide(input: DecideInput): Decision {
  const { definition, reading, srm, units, byArm } = input;
  if (srm.flagged) {
    const shares = srm.arms
      .map((arm) => `${arm.arm} ${percent(arm.observedShare ?? 0)} (expected ${percent(arm.expectedShare)})`)
      .join(', ');
    return {
      action: 'withheld',
      code: 'SAMPLE_RATIO_MISMATCH',
      reason: `sample ratio mismatch: ${shares} over ${count(units)} units, p = ${pValue(srm.pValue)} ≤ ${srm.alpha}; the verdict is withheld until the assignment or the logging is fixed`,
    };
  }
  if (!reading.decisive) {
    const next = reading.look?.nextLookUnits ?? reading.plannedUnits ?? units;
    const what =
      definition.design.mode === 'fixedHorizon'
        ? `the fixed-horizon design is read once, at ${count(next)} units`
        : `the first look is at ${count(next)} units`;
    return keepGoing(
      definition.design.mode === 'fixedHorizon' ? 'BEFORE_PLANNED_SIZE' : 'BETWEEN_LOOKS',
      `${what}; ${count(units)} so far`,
      next - units,
      input.unitsPerDay,
    );
  }

  const statuses = new Map<string, { status: ArmStatus; why: string }>();
  for (const [arm, works] of byArm) statuses.set(arm, armStatus(arm, works, reading, units));
  const winners = [...statuses].filter(([, s]) => s.status === 'winner').map(([arm]) => arm);
  if (winners.length > 0) {
    const best = winners.reduce((a, b) => (lead(byArm.get(b)!) > lead(byArm.get(a)!) ? b : a));
    const open = [...statuses].filter(([arm, s]) => arm !== best && s.status === 'open').map(([arm]) => arm);
    const others = open.length > 0 ? `; ${open.join(', ')} still open` : '';
    return {
      action: 'ship',
      code: 'GOAL_IMPROVED',
      arm: best,
      reason: `${statuses.get(best)!.why}${others}`,
    };
  }
  const open = [...statuses].filter(([, s]) => s.status === 'open');
  if (open.length === 0) {
    const all = [...statuses.values()];
    const code = all.every((s) => s.status === 'rejected')
      ? 'ALL_ARMS_REJECTED'
      : all.some((s) => s.status === 'planned')
        ? 'PLANNED_SIZE_REACHED'
        : 'NO_EFFECT_AS_LARGE_AS_MDE';
    return {
      action: 'keepControl',
      code,
      reason: [...statuses].map(([arm, s]) => `${arm}: ${s.why}`).join('; '),
    };
  }
  const why = open.map(([arm, s]) => `${arm}: ${s.why}`).join('; ');
  if (reading.look !== undefined) {
    const next = reading.look.nextLookUnits ?? units;
    return keepGoing(
      'BETWEEN_LOOKS',
      `${why}; next look at ${count(next)} units`,
      next - units,
      input.unitsPerDay,
    );
  }
  const needed = open.flatMap(([arm]) => goals(byArm.get(arm)!).map((w) => w.result.unitsForMde));
  const unknown = needed.some((n) => n === null);
  const most = unknown ? null : Math.max(...(needed as number[]));
  const code = open.some(([arm]) => goals(byArm.get(arm)!).some((w) => !w.computable))
    ? 'NOT_ENOUGH_DATA'
    : 'COLLECTING_EVIDENCE';
  const target = most === null ? '' : `; the planned power at the MDE needs ${count(most)} units`;
  return keepGoing(code, `${why}${target}`, most === null ? null : most - units, input.unitsPerDay);
}

function armStatus(
  arm: string,
  works: readonly ComparisonWork[],
  reading: Reading,
  units: number,
): { status: ArmStatus; why: string } {
  const harmed = works.filter((w) => w.result.verdict === 'harm');
  const worse = works.filter((w) => w.result.verdict === 'worse');
  if (harmed.length > 0 || worse.length > 0) {
    const parts = [
      ...worse.map((w) => `${w.metric.key} worse ${lift(w)}`),
      ...harmed.map((w) => `guardrail ${w.metric.key} harmed ${lift(w)}`),
    ];
    return { status: 'rejected', why: parts.join(', ') };
  }
  const better = works.filter((w) => w.result.verdict === 'better');
  if (better.length > 0) {
    return {
      status: 'winner',
      why: `${arm} improves ${better.map((w) => `${w.metric.key} ${lift(w)}`).join(', ')}; no goal worse, no guardrail harmed`,
    };
  }
  const goalWorks = goals(works);
  if (reading.final) return { status: 'planned', why: 'reached the planned size without a significant lift' };
  if (goalWorks.every((w) => w.belowMde)) {
    return {
      status: 'mde',
      why: `every goal's interval rules out a lift as large as its MDE (${goalWorks.map((w) => `${w.metric.key} ${lift(w)}`).join(', ')})`,
    };
  }
  const needed = goalWorks.map((w) => w.result.unitsForMde);
  if (reading.look === undefined && needed.every((n) => n !== null && units >= n)) {
    return {
      status: 'planned',
      why: `reached the ${count(Math.max(...(needed as number[])))} units the MDE needs without a significant lift`,
    };
  }
  return {
    status: 'open',
    why: `no significant difference yet (${goalWorks.map((w) => `${w.metric.key} ${lift(w)}`).join(', ')})`,
  };
}

function goals(works: readonly ComparisonWork[]): ComparisonWork[] {
  return works.filter((w) => w.metric.role === 'goal');
}

/** The relative lift of the first improved goal, in its good direction: ranks winners. */
function lead(works: readonly ComparisonWork[]): number {
  const first = works.find((w) => w.result.verdict === 'better');
  if (first === undefined) return Number.NEGATIVE_INFINITY;
  const sign = first.metric.direction === 'lowerIsBetter' ? -1 : 1;
  return sign * (first.result.relative.estimate ?? first.result.absolute.estimate ?? 0);
}

function keepGoing(
  code: Decision['code'],
  reason: string,
  unitsNeeded: number | null,
  unitsPerDay: number | undefined,
): Decision {
  const needed = unitsNeeded === null ? null : Math.max(0, Math.ceil(unitsNeeded));
  const decision: Decision = { action: 'keepGoing', code, reason, unitsNeeded: needed };
  if (unitsPerDay !== undefined) decision.daysNeeded = needed === null ? null : needed / unitsPerDay;
  return decision;
}

/** "+5.1% (−0.3% to +10.4%), p = 0.04" for a comparison. */
function lift(w: ComparisonWork): string {
  const { relative, absolute, adjustedPValue } = w.result;
  const useRelative = relative.estimate !== null;
  const value = useRelative ? relative : absolute;
  const format = useRelative ? signedPercent : signed;
  const { lower, upper } = value.interval;
  const interval =
    lower === null && upper === null
      ? ''
      : ` (${lower === null ? '…' : format(lower)} to ${upper === null ? '…' : format(upper)})`;
  return `${value.estimate === null ? 'n/a' : format(value.estimate)}${interval}, p = ${pValue(adjustedPValue)}`;
}

function signedPercent(x: number): string {
  return `${x >= 0 ? '+' : '−'}${Math.abs(100 * x).toFixed(Math.abs(x) < 0.1 ? 2 : 1)}%`;
}

function signed(x: number): string {
  return `${x >= 0 ? '+' : '−'}${Math.abs(x).toPrecision(3)}`;
}

function percent(x: number): string {
  return formatPercent(x, { decimals: 2 });
}

function pValue(p: number): string {
  return p < 1e-4 ? p.toExponential(1) : p.toPrecision(2);
}

/** 12,345: thousands separated by commas (toLocaleString is far slower, and reads run often). */
function count(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
