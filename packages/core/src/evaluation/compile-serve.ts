import { BUCKETS } from '../bucketing/hash.js';
import { type CompiledSplit, compileSplit } from '../bucketing/split.js';
import type { Serve } from '../model/types.js';
import { interned } from './interned.js';
import { type PresetFlag, type PresetResult, presetResult } from './preset-result.js';
import type { EvaluationReason } from './result.js';

export const UNCOVERED_MESSAGE = 'the unit is outside the split coverage or layer range';

/** What a rule or the fallthrough serves, with the result of every way it can end prepared. */
export type CompiledServe =
  | { readonly kind: 'variation'; readonly result: PresetResult }
  | {
      readonly kind: 'split';
      readonly split: CompiledSplit;
      /** `placed[i]` is served to units placed on `split.variations[i]`. */
      readonly placed: readonly PresetResult[];
      /** Served when the context has no unit id: the flag's fallback variation. */
      readonly noUnit: PresetResult;
      /**
       * Served to a unit outside coverage or the layer range; undefined in a rule, which is then
       * skipped, and at a fallthrough that covers every unit (`uncoveredResult` stands in there).
       */
      readonly uncovered: PresetResult | undefined;
    };

/** The flag-level settings a serve is compiled against. */
export interface ServeScope {
  readonly flag: PresetFlag;
  readonly salt: string;
  readonly unitAttribute: string;
  readonly offVariation: string;
  readonly fallbackVariation: string;
  /** The flag has neither rules nor prerequisites: a fixed fallthrough is then STATIC. */
  readonly unconditional: boolean;
}

/** Compiles the serve of rule `ruleIndex`, or of the fallthrough when `ruleIndex` is undefined. */
export function compileServe(serve: Serve, ruleIndex: number | undefined, scope: ServeScope): CompiledServe {
  const inRule = ruleIndex === undefined ? {} : { ruleIndex };
  if (serve.split === undefined) {
    const variation = serve.variation ?? scope.offVariation;
    return Object.freeze({
      kind: 'variation',
      result: presetResult(scope.flag, variation, fixedReason(ruleIndex, scope), inRule),
    });
  }
  const split = compileSplit(serve.split, scope.salt, scope.unitAttribute);
  return Object.freeze({
    kind: 'split',
    split,
    // Not frozen, for the reason given at `CompiledSplit.cumulative`: read on every evaluation.
    placed: split.variations.map((variation) =>
      presetResult(scope.flag, variation, 'SPLIT', { ...inRule, inExperiment: true }),
    ),
    noUnit: presetResult(scope.flag, scope.fallbackVariation, 'DEFAULT', {
      ...inRule,
      // One string for every split of the attribute, not one per split.
      errorMessage: interned(`the context has no "${split.unitAttribute}" to bucket on`),
    }),
    uncovered:
      ruleIndex === undefined && leavesUnitsOut(split)
        ? presetResult(scope.flag, scope.offVariation, 'DEFAULT', { errorMessage: UNCOVERED_MESSAGE })
        : undefined,
  });
}

/** Whether `placeUnit` can answer NOT_PLACED for a validated split (weights summing to BUCKETS). */
function leavesUnitsOut(split: CompiledSplit): boolean {
  return split.coverage < BUCKETS || split.layerHash !== undefined;
}

function fixedReason(ruleIndex: number | undefined, scope: ServeScope): EvaluationReason {
  if (ruleIndex !== undefined) return 'TARGETING_MATCH';
  return scope.unconditional ? 'STATIC' : 'DEFAULT';
}
