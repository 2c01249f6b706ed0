import { isTrackedFlag } from '../model/tracked.js';
import type { FlagDefinition, FlagType, Serve } from '../model/types.js';
import type { CompiledFlagInfo } from './compiled.js';
import type { EvaluationTally } from './evaluation-tally.js';
import type { FlagBody } from './flag-body.js';
import { inferFlagType } from './flag-type.js';
import { interned } from './interned.js';
import type { CompiledSegment } from './segment.js';

export type { CompiledServe } from './compile-serve.js';
export type { CompiledPrerequisite, CompiledRule, FlagBody } from './flag-body.js';

/** What compiling one flag needs from the rest of the configuration. */
export interface FlagCompileScope {
  readonly segments: ReadonlyMap<string, CompiledSegment>;
  /** The compiled prerequisite flag, or undefined when it is missing or closes a cycle. */
  readonly prerequisite: (key: string) => CompiledFlag | undefined;
}

const NO_PREREQUISITES: readonly (CompiledFlag | undefined)[] = [];

/**
 * A flag of a compiled configuration. At load it holds only what callers read without evaluating
 * it (type, version, tracking, the unit attribute, `targetingKeyOnly`) and the links to its
 * prerequisites; the rules, splits and preset results are built on its first evaluation
 * (`flagBody`) and kept in `body`. Most of a large configuration's flags are never evaluated by a
 * given process, and the evaluation form is several times the size of the definition.
 */
export class CompiledFlag implements CompiledFlagInfo {
  readonly key: string;
  readonly definition: FlagDefinition;
  readonly tracked: boolean;
  /**
   * Evaluating the flag reads no context attribute but `targetingKey`: not in its rules, splits,
   * segments or prerequisites. A context holding only that gets the same answer as a richer one, so
   * the middleware need not read a request's address and user agent for it (see `HttpFlags.begin`).
   */
  readonly targetingKeyOnly: boolean;
  /**
   * The flag's prerequisites in declared order, resolved at load: undefined for one that names no
   * flag or closes a cycle (it then always fails).
   */
  readonly prerequisiteFlags: readonly (CompiledFlag | undefined)[];
  readonly segments: ReadonlyMap<string, CompiledSegment>;
  /** The evaluation form, once the flag has been evaluated: read with `flag.body ?? flagBody(flag)`. */
  body: FlagBody | undefined;
  /**
   * Evaluations of the flag per variation served, counted while the client is asked to count them
   * (see `EvaluationCounts`); undefined until the first evaluation counted.
   */
  tally: EvaluationTally | undefined;

  constructor(definition: FlagDefinition, scope: FlagCompileScope) {
    this.key = interned(definition.key);
    this.definition = definition;
    this.tracked = isTrackedFlag(definition);
    const prerequisites = definition.prerequisites ?? [];
    this.prerequisiteFlags =
      prerequisites.length === 0
        ? NO_PREREQUISITES
        : prerequisites.map((prerequisite) => scope.prerequisite(prerequisite.flag));
    this.segments = scope.segments;
    this.targetingKeyOnly = readsTargetingKeyOnly(definition, scope.segments, this.prerequisiteFlags);
    this.body = undefined;
    this.tally = undefined;
  }

  get type(): FlagType {
    return this.body?.type ?? flagType(this.definition);
  }

  get version(): number {
    return this.definition.version ?? 1;
  }

  /** The attribute that identifies a unit (`bucketBy`, default `targetingKey`). */
  get unitAttribute(): string {
    return this.definition.bucketBy ?? 'targetingKey';
  }
}

/** The declared type, else the one the variation values imply. */
export function flagType(definition: FlagDefinition): FlagType {
  return definition.type ?? inferFlagType(Object.values(definition.variations));
}

/** Prepares `definition` for evaluation; its prerequisites must have been compiled first (see compile.ts). */
export function compileFlag(definition: FlagDefinition, scope: FlagCompileScope): CompiledFlag {
  return new CompiledFlag(definition, scope);
}

function readsTargetingKeyOnly(
  definition: FlagDefinition,
  segments: ReadonlyMap<string, CompiledSegment>,
  prerequisites: readonly (CompiledFlag | undefined)[],
): boolean {
  // A missing segment or prerequisite reads nothing: it fails without looking at the context.
  return (
    (definition.bucketBy ?? 'targetingKey') === 'targetingKey' &&
    bucketsByTargetingKey(definition.fallthrough) &&
    (definition.rules ?? []).every(
      (rule) =>
        bucketsByTargetingKey(rule) &&
        (rule.conditions ?? []).every((condition) => condition.attribute === 'targetingKey') &&
        (rule.segments ?? []).every((key) => segments.get(key)?.targetingKeyOnly ?? true),
    ) &&
    prerequisites.every((flag) => flag?.targetingKeyOnly ?? true)
  );
}

/** Whether `serve`'s split, if it has one, buckets by `targetingKey` (the flag's `bucketBy` is checked apart). */
function bucketsByTargetingKey(serve: Serve): boolean {
  const bucketBy = serve.split?.bucketBy;
  return bucketBy === undefined || bucketBy === 'targetingKey';
}
