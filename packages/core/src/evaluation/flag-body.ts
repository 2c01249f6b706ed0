import { compileCondition } from '../conditions/compile.js';
import type { FlagType, JsonValue } from '../model/types.js';
import type { CompiledFlag } from './compile-flag.js';
import { flagType } from './compile-flag.js';
import { type CompiledServe, compileServe, type ServeScope, UNCOVERED_MESSAGE } from './compile-serve.js';
import { frozenMetadata, type SharedMetadata } from './flag-metadata.js';
import { frozenJsonCopy } from './frozen-json.js';
import { interned } from './interned.js';
import type { ContextMatcher } from './matcher.js';
import { type PresetFlag, type PresetResult, presetResult } from './preset-result.js';

export interface CompiledRule {
  /** Conditions, then segment memberships: all must hold. */
  readonly matchers: readonly ContextMatcher[];
  readonly serve: CompiledServe;
}

export interface CompiledPrerequisite {
  readonly key: string;
  /** The prerequisite flag; undefined when it does not exist or closes a cycle, and then it fails. */
  readonly flag: CompiledFlag | undefined;
  readonly variations: ReadonlySet<string>;
  /** Served when this prerequisite fails. */
  readonly failed: PresetResult;
}

/** A flag's evaluation form: what `evaluateFlag` reads, built on the flag's first evaluation. */
export interface FlagBody {
  readonly type: FlagType;
  /** Served when the kill switch is off; undefined while it is on (the result would never be read). */
  readonly disabled: PresetResult | undefined;
  readonly prerequisites: readonly CompiledPrerequisite[];
  readonly rules: readonly CompiledRule[];
  readonly fallthrough: CompiledServe;
  /** A frozen copy of `metadata`, shared by every result of the flag; undefined when it has none. */
  readonly metadata: SharedMetadata | undefined;
}

const NEVER: ContextMatcher = () => false;
// Shared by every flag without rules or prerequisites. Arrays read on every evaluation stay unfrozen
// (a frozen array's elements take a generic keyed load: bench/http/README.md); `readonly` guards them.
const NO_RULES: readonly CompiledRule[] = [];
const NO_PREREQUISITES: readonly CompiledPrerequisite[] = [];

/**
 * `flag`'s evaluation form, built and kept in `flag.body` on the first call. Variation values are
 * deep-frozen copies, metadata a frozen copy; the definition is not modified. Throws only for a
 * definition the validator would have rejected; `evaluateFlag` turns that into an ERROR result.
 */
export function flagBody(flag: CompiledFlag): FlagBody {
  const body = compileBody(flag);
  flag.body = body;
  return body;
}

/**
 * The fallthrough's answer for a unit its split leaves out when the split was compiled without one
 * (`CompiledServe.uncovered`): never reached with validated weights, so it is built when asked.
 */
export function uncoveredResult(flag: CompiledFlag): PresetResult {
  const body = flag.body ?? flagBody(flag);
  return presetResult(presetFlag(flag, body.metadata), flag.definition.offVariation, 'DEFAULT', {
    errorMessage: UNCOVERED_MESSAGE,
  });
}

/** The flag-level fields of its presets, with its variation values as deep-frozen copies. */
function presetFlag(flag: CompiledFlag, metadata: SharedMetadata | undefined): PresetFlag {
  const variations = flag.definition.variations;
  const values = new Map<string, JsonValue>();
  for (const name of Object.keys(variations)) values.set(name, frozenJsonCopy(variations[name] ?? null));
  // Kept only while compiling: the presets carry the values they serve.
  return { key: flag.key, version: flag.version, values, metadata };
}

function compileBody(flag: CompiledFlag): FlagBody {
  const definition = flag.definition;
  const offVariation = definition.offVariation;
  const rules = definition.rules ?? [];
  const prerequisites = definition.prerequisites ?? [];
  const preset = presetFlag(flag, frozenMetadata(definition.metadata));
  const serveScope: ServeScope = {
    flag: preset,
    salt: definition.salt ?? definition.key,
    unitAttribute: flag.unitAttribute,
    offVariation,
    fallbackVariation: definition.fallbackVariation ?? offVariation,
    unconditional: rules.length === 0 && prerequisites.length === 0,
  };
  const segmentMatcher = (key: string): ContextMatcher => flag.segments.get(key)?.matches ?? NEVER;

  return Object.freeze({
    type: flagType(definition),
    disabled: definition.enabled === false ? presetResult(preset, offVariation, 'DISABLED') : undefined,
    prerequisites:
      prerequisites.length === 0
        ? NO_PREREQUISITES
        : prerequisites.map((prerequisite, index) =>
            Object.freeze({
              key: prerequisite.flag,
              flag: flag.prerequisiteFlags[index],
              variations: new Set(prerequisite.variations),
              failed: presetResult(preset, offVariation, 'DEFAULT', {
                prerequisiteFailed: prerequisite.flag,
                errorMessage: interned(`prerequisite "${prerequisite.flag}" is not met`),
              }),
            }),
          ),
    rules:
      rules.length === 0
        ? NO_RULES
        : rules.map((rule, index) =>
            Object.freeze({
              matchers: [
                ...(rule.conditions ?? []).map(compileCondition),
                ...(rule.segments ?? []).map(segmentMatcher),
              ],
              serve: compileServe(rule, index, serveScope),
            }),
          ),
    fallthrough: compileServe(definition.fallthrough, undefined, serveScope),
    metadata: preset.metadata,
  });
}
