import { fixedHorizonTest } from '../inference/fixed-horizon.js';
import { groupSequentialTest } from '../inference/group-sequential.js';
import { sequentialTest } from '../inference/sequential.js';
import type { ZTest } from '../inference/z-test.js';
import type { ExperimentDefinition } from '../model/experiment-definition.js';
import type { Sides } from '../numerics/alpha-spending.js';
import {
  equallySpaced,
  groupSequentialMultiplier,
  sequentialMultiplier,
} from '../planning/design-multiplier.js';
import type { ExperimentResult } from './result.js';

/**
 * What the design allows at this read: which test applies, whether verdicts may be taken, and how many
 * units the design needs relative to a fixed-horizon test.
 *
 * - sequential: every read is decisive;
 * - fixedHorizon: only a read at or after `plannedUnits` (the one read the design allows);
 * - groupSequential: a read counts as the last look whose planned units it has reached
 *   (look k at k/K · plannedUnits); reads before the first look take no verdict. Read each look once:
 *   several reads between two looks are tested against the same boundary.
 */
export interface Reading {
  /** Verdicts may be taken at this read. */
  decisive: boolean;
  /** The design's last read: no later read will decide more (fixed horizon, the last look). */
  final: boolean;
  look?: NonNullable<ExperimentResult['look']>;
  /** The test of one comparison with the estimate's current and planned variance. */
  test(sides: Sides, variance: number, plannedVariance: number): ZTest;
  /** The design's sample size for the planned power, over the fixed-horizon test's. */
  multiplier(alpha: number, sides: Sides): number;
  /** Total units the design plans (fixed horizon and group-sequential), or null. */
  plannedUnits: number | null;
}

export function readingFor(definition: ExperimentDefinition, units: number): Reading {
  const { design, power } = definition;
  if (design.mode === 'fixedHorizon') {
    const decisive = units >= design.plannedUnits;
    return {
      decisive,
      final: decisive,
      test: (sides) => fixedHorizonTest(sides),
      multiplier: () => 1,
      plannedUnits: design.plannedUnits,
    };
  }
  if (design.mode === 'groupSequential') {
    const fractions = equallySpaced(design.looks);
    const lookUnits = fractions.map((fraction) => Math.ceil(fraction * design.plannedUnits));
    const reached = lookUnits.filter((needed) => units >= needed).length;
    const index = Math.max(0, reached - 1);
    return {
      decisive: reached > 0,
      final: reached === design.looks,
      look: {
        index: reached,
        of: design.looks,
        unitsAtLook: reached > 0 ? lookUnits[reached - 1]! : 0,
        nextLookUnits: reached < design.looks ? lookUnits[reached]! : null,
      },
      test: (sides) => groupSequentialTest(sides, fractions, index),
      multiplier: (alpha, sides) => groupSequentialMultiplier(fractions, alpha, power, sides),
      plannedUnits: design.plannedUnits,
    };
  }
  return {
    decisive: true,
    final: false,
    test: (sides, variance, plannedVariance) => sequentialTest(sides, variance, plannedVariance),
    multiplier: (alpha, sides) => sequentialMultiplier(alpha, power, sides),
    plannedUnits: null,
  };
}
