import { readUnit } from '../conditions/attribute.js';
import { compileCondition } from '../conditions/compile.js';
import type { EvaluationContext, SegmentDefinition } from '../model/types.js';
import { allHold, type ContextMatcher } from './matcher.js';

/** A segment prepared for membership tests: unit lists as sets, conditions compiled. */
export interface CompiledSegment {
  readonly key: string;
  /** The attribute `included` and `excluded` are matched against. */
  readonly unitAttribute: string;
  readonly included: ReadonlySet<string>;
  readonly excluded: ReadonlySet<string>;
  readonly conditions: readonly ContextMatcher[];
  /** Membership reads no context attribute but `targetingKey` (see `CompiledFlag.targetingKeyOnly`). */
  readonly targetingKeyOnly: boolean;
  /** Membership: excluded units never, included units always, others when all conditions hold
   * (a segment without conditions holds only its included units). */
  readonly matches: ContextMatcher;
}

export function compileSegment(definition: SegmentDefinition): CompiledSegment {
  const unitAttribute = definition.unitAttribute ?? 'targetingKey';
  const included: ReadonlySet<string> = new Set(definition.included ?? []);
  const excluded: ReadonlySet<string> = new Set(definition.excluded ?? []);
  // Not frozen: read on every evaluation (see the note on arrays in compile-flag.ts).
  const conditions: readonly ContextMatcher[] = (definition.conditions ?? []).map(compileCondition);
  const matches = (context: EvaluationContext): boolean => {
    const unit = readUnit(context, unitAttribute);
    if (unit !== undefined) {
      if (excluded.has(unit)) return false;
      if (included.has(unit)) return true;
    }
    return conditions.length > 0 && allHold(conditions, context);
  };
  const targetingKeyOnly =
    unitAttribute === 'targetingKey' &&
    (definition.conditions ?? []).every((condition) => condition.attribute === 'targetingKey');
  return Object.freeze({
    key: definition.key,
    unitAttribute,
    included,
    excluded,
    conditions,
    targetingKeyOnly,
    matches,
  });
}
