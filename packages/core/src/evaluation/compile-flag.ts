import { compileCondition } from '../conditions/compile.js';
import { isTrackedFlag } from '../model/tracked.js';
import type { FlagDefinition, JsonValue, Serve } from '../model/types.js';
import { type CompiledServe, compileServe, type ServeScope } from './compile-serve.js';
import type { CompiledFlagInfo } from './compiled.js';
import { frozenMetadata, type SharedMetadata } from './flag-metadata.js';
import { inferFlagType } from './flag-type.js';
import { frozenJsonCopy } from './frozen-json.js';
import { interned } from './interned.js';
import type { ContextMatcher } from './matcher.js';
import { type PresetFlag, type PresetResult, presetResult } from './preset-result.js';
import type { CompiledSegment } from './segment.js';

export type { CompiledServe } from './compile-serve.js';

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

/** A flag prepared for evaluation. The `CompiledFlagInfo` part is public; the rest is for `evaluateFlag`. */
export interface CompiledFlag extends CompiledFlagInfo {
  readonly enabled: boolean;
  /** `salt + ":"`, the salt defaulting to the flag key. */
  readonly prefix: string;
  /** Variation values, deep-frozen copies of the definition's. */
  readonly values: ReadonlyMap<string, JsonValue>;
  readonly offVariation: string;
  /** Served to units without an id at a split: `fallbackVariation`, else `offVariation`. */
  readonly fallbackVariation: string;
  readonly prerequisites: readonly CompiledPrerequisite[];
  readonly rules: readonly CompiledRule[];
  readonly fallthrough: CompiledServe;
  /** Served when the kill switch is off. */
  readonly disabled: PresetResult;
  /** A frozen copy of `metadata`, shared by every result of the flag; undefined when it has none. */
  readonly metadata: SharedMetadata | undefined;
  /**
   * Evaluating the flag reads no context attribute but `targetingKey`: not in its rules, splits,
   * segments or prerequisites. A context holding only that gets the same answer as a richer one, so
   * the middleware need not read a request's address and user agent for it (see `HttpFlags.begin`).
   */
  readonly targetingKeyOnly: boolean;
}

/** What compiling one flag needs from the rest of the configuration. */
export interface FlagCompileScope {
  readonly segments: ReadonlyMap<string, CompiledSegment>;
  /** The compiled prerequisite flag, or undefined when it is missing or closes a cycle. */
  readonly prerequisite: (key: string) => CompiledFlag | undefined;
}

const NEVER: ContextMatcher = () => false;

export function compileFlag(definition: FlagDefinition, scope: FlagCompileScope): CompiledFlag {
  const values = new Map<string, JsonValue>();
  for (const name of Object.keys(definition.variations)) {
    values.set(name, frozenJsonCopy(definition.variations[name] ?? null));
  }
  const unitAttribute = definition.bucketBy ?? 'targetingKey';
  const salt = definition.salt ?? definition.key;
  const offVariation = definition.offVariation;
  const fallbackVariation = definition.fallbackVariation ?? offVariation;
  const rules = definition.rules ?? [];
  const prerequisites = definition.prerequisites ?? [];
  const tracked = isTrackedFlag(definition);
  const preset: PresetFlag = {
    key: interned(definition.key),
    version: definition.version ?? 1,
    values,
    metadata: frozenMetadata(definition.metadata),
  };

  const serveScope: ServeScope = {
    flag: preset,
    salt,
    unitAttribute,
    offVariation,
    fallbackVariation,
    unconditional: rules.length === 0 && prerequisites.length === 0,
  };

  const segmentMatcher = (key: string): ContextMatcher => scope.segments.get(key)?.matches ?? NEVER;
  // A missing segment or prerequisite reads nothing: it fails without looking at the context.
  const targetingKeyOnly =
    unitAttribute === 'targetingKey' &&
    bucketsByTargetingKey(definition.fallthrough) &&
    rules.every(
      (rule) =>
        bucketsByTargetingKey(rule) &&
        (rule.conditions ?? []).every((condition) => condition.attribute === 'targetingKey') &&
        (rule.segments ?? []).every((key) => scope.segments.get(key)?.targetingKeyOnly ?? true),
    ) &&
    prerequisites.every((prerequisite) => scope.prerequisite(prerequisite.flag)?.targetingKeyOnly ?? true);

  return Object.freeze({
    key: preset.key,
    type: definition.type ?? inferFlagType([...values.values()]),
    version: preset.version,
    tracked,
    unitAttribute,
    definition,
    enabled: definition.enabled ?? true,
    prefix: `${salt}:`,
    values,
    offVariation,
    fallbackVariation,
    // Arrays read on every evaluation stay unfrozen (a frozen array's elements take a generic keyed
    // load: bench/http/README.md); `readonly` guards them in TypeScript.
    prerequisites: prerequisites.map((prerequisite) =>
      Object.freeze({
        key: prerequisite.flag,
        flag: scope.prerequisite(prerequisite.flag),
        variations: new Set(prerequisite.variations),
        failed: presetResult(preset, offVariation, 'DEFAULT', {
          prerequisiteFailed: prerequisite.flag,
          errorMessage: `prerequisite "${prerequisite.flag}" is not met`,
        }),
      }),
    ),
    rules: rules.map((rule, index) =>
      Object.freeze({
        matchers: [
          ...(rule.conditions ?? []).map(compileCondition),
          ...(rule.segments ?? []).map(segmentMatcher),
        ],
        serve: compileServe(rule, index, serveScope),
      }),
    ),
    fallthrough: compileServe(definition.fallthrough, undefined, serveScope),
    disabled: presetResult(preset, offVariation, 'DISABLED'),
    metadata: preset.metadata,
    targetingKeyOnly,
  });
}

/** Whether `serve`'s split, if it has one, buckets by `targetingKey` (the flag's `bucketBy` is checked apart). */
function bucketsByTargetingKey(serve: Serve): boolean {
  const bucketBy = serve.split?.bucketBy;
  return bucketBy === undefined || bucketBy === 'targetingKey';
}
