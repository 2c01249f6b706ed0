import type { SrmResult } from '../analysis/result.js';
import type { ExperimentDefinition } from '../model/experiment-definition.js';
import { srmLogBayesFactor } from './srm-test.js';

/**
 * The sample-ratio check alone: the units each arm has, against the shares its weights promise,
 * flagged at `srmAlpha`. Anytime-valid (srm-test.ts), so a tracker may call it on every exposure; it
 * is what `analyzeExperiment` reports as `srm`. Takes a definition from `validateExperiment`; arms
 * missing from `units` count as 0.
 */
export function checkSampleRatio(
  definition: Pick<ExperimentDefinition, 'arms' | 'srmAlpha'>,
  units: Readonly<Record<string, number>>,
): SrmResult {
  const totalWeight = definition.arms.reduce((sum, arm) => sum + arm.weight, 0);
  const shares = definition.arms.map((arm) => arm.weight / totalWeight);
  const counts = definition.arms.map((arm) => units[arm.key] ?? 0);
  const total = counts.reduce((sum, count) => sum + count, 0);
  const pValue = Math.min(1, Math.exp(-srmLogBayesFactor(counts, shares)));
  return {
    flagged: pValue <= definition.srmAlpha,
    pValue,
    alpha: definition.srmAlpha,
    arms: definition.arms.map((arm, i) => ({
      arm: arm.key,
      units: counts[i]!,
      observedShare: total > 0 ? counts[i]! / total : null,
      expectedShare: shares[i]!,
    })),
  };
}
