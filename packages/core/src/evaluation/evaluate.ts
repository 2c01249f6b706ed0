import { NOT_PLACED, placeUnit } from '../bucketing/split.js';
import { readUnit } from '../conditions/attribute.js';
import { errorMessage } from '../errors/to-error.js';
import type { EvaluationContext, FlagType, JsonValue } from '../model/types.js';
import { describeValue } from '../validation/describe-value.js';
import type { CompiledConfig } from './compile.js';
import type { CompiledFlag, CompiledServe } from './compile-flag.js';
import { flagBody, uncoveredResult } from './flag-body.js';
import { allHold } from './matcher.js';
import type { PresetResult } from './preset-result.js';
import type { EvaluationErrorCode, EvaluationResult } from './result.js';

/**
 * Evaluates flag `key` for `context`. Synchronous, O(rules of that flag), and it never throws:
 * whatever goes wrong, the caller gets `defaultValue` with reason ERROR and an error code.
 *
 * 1. `context` is not an object (null, an array, a primitive) → default, ERROR, INVALID_CONTEXT.
 * 2. No flag `key` → default, ERROR, FLAG_NOT_FOUND.
 * 3. `expectedType` given and not the flag's type → default, ERROR, TYPE_MISMATCH (with the flag's
 *    version and metadata: the flag exists).
 * 4. Kill switch off → `offVariation`, DISABLED.
 * 5. Prerequisites, evaluated on the same context; one that is disabled or serves a variation not
 *    listed fails → `offVariation`, DEFAULT, `prerequisiteFailed`.
 * 6. Rules in order; the first whose conditions and segments all hold serves:
 *    a variation → TARGETING_MATCH; a split → SPLIT when the unit is placed, the fallback variation
 *    (DEFAULT) when the context has no unit id, and when the unit is outside the split's coverage or
 *    layer range the rule is skipped and evaluation goes on.
 * 7. Fallthrough: a variation → STATIC when the flag has no rules and no prerequisites, else DEFAULT;
 *    a split → SPLIT, the fallback variation (DEFAULT) without a unit id, `offVariation` (DEFAULT)
 *    outside coverage.
 *
 * Results of steps 4–7 are frozen objects shared between calls; JSON values in them are deep-frozen.
 * Every result from step 3 on carries the flag's `metadata` as `flagMetadata` (one frozen copy).
 */
export function evaluateFlag<T>(
  compiled: CompiledConfig,
  key: string,
  context: unknown,
  defaultValue: T,
  expectedType?: FlagType,
): EvaluationResult<T> {
  try {
    if (typeof context !== 'object' || context === null || Array.isArray(context)) {
      return failure(
        key,
        defaultValue,
        'INVALID_CONTEXT',
        `context must be an object, got ${describeValue(context)}`,
      );
    }
    const flag = compiled.flags.get(key);
    if (flag === undefined) {
      return failure(key, defaultValue, 'FLAG_NOT_FOUND', `flag "${key}" not found`);
    }
    // Built on the flag's first evaluation; a throw (a definition the validator let through) is
    // caught below like any other.
    const body = flag.body ?? flagBody(flag);
    if (expectedType !== undefined && expectedType !== body.type) {
      const result = failure(
        key,
        defaultValue,
        'TYPE_MISMATCH',
        `flag "${key}" is of type ${body.type}, ${expectedType} was requested`,
      );
      result.flagVersion = flag.version;
      if (body.metadata !== undefined) result.flagMetadata = body.metadata;
      return result;
    }
    // Shared presets are typed by the flag's values; the caller named T, checked by expectedType.
    return evaluateCompiled(
      flag,
      context as EvaluationContext,
    ) as EvaluationResult<unknown> as EvaluationResult<T>;
  } catch (error) {
    return failure(key, defaultValue, 'GENERAL', `evaluation failed: ${errorMessage(error)}`);
  }
}

/**
 * Steps 4–7 of `evaluateFlag` for a flag already looked up and a context known to be an object:
 * what `evaluateFlag(compiled, flag.key, context, undefined)` returns, without the checks before.
 */
export function evaluateFound(
  flag: CompiledFlag,
  context: EvaluationContext,
): EvaluationResult<JsonValue | undefined> {
  try {
    return evaluateCompiled(flag, context);
  } catch (error) {
    return failure(flag.key, undefined, 'GENERAL', `evaluation failed: ${errorMessage(error)}`);
  }
}

/** Steps 4–7 for a flag that exists and a context that is an object. */
function evaluateCompiled(flag: CompiledFlag, context: EvaluationContext): PresetResult {
  const body = flag.body ?? flagBody(flag);
  if (body.disabled !== undefined) return body.disabled;

  const prerequisites = body.prerequisites;
  for (let i = 0; i < prerequisites.length; i++) {
    const prerequisite = prerequisites[i]!;
    // Compilation leaves the graph acyclic (a cycle leaves `flag` undefined), so this recursion ends.
    if (prerequisite.flag === undefined) return prerequisite.failed;
    const served = evaluateCompiled(prerequisite.flag, context);
    if (served.reason === 'DISABLED' || !prerequisite.variations.has(served.variation!)) {
      return prerequisite.failed;
    }
  }

  const rules = body.rules;
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i]!;
    if (!allHold(rule.matchers, context)) continue;
    const served = serve(rule.serve, context);
    if (served !== undefined) return served;
  }
  // A fallthrough split that can leave a unit out (coverage, a layer) has a result prepared for it;
  // one that cannot (validated weights sum to 10000) has none, and this is never reached.
  return serve(body.fallthrough, context) ?? uncoveredResult(flag);
}

/** The result of `target`; undefined for a unit that a rule's split does not cover. */
function serve(target: CompiledServe, context: EvaluationContext): PresetResult | undefined {
  if (target.kind === 'variation') return target.result;
  const unit = readUnit(context, target.split.unitAttribute);
  if (unit === undefined) return target.noUnit;
  const index = placeUnit(target.split, unit);
  return index === NOT_PLACED ? target.uncovered : target.placed[index];
}

function failure<T>(
  key: string,
  value: T,
  errorCode: EvaluationErrorCode,
  errorMessage: string,
): EvaluationResult<T> {
  return { key, value, reason: 'ERROR', inExperiment: false, errorCode, errorMessage };
}
