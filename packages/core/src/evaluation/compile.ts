import type { FlagDefinition, FlagsConfig } from '../model/types.js';
import { type CompiledFlag, compileFlag } from './compile-flag.js';
import { type CompiledSegment, compileSegment } from './segment.js';

export type { CompiledFlag, CompiledPrerequisite, CompiledRule, CompiledServe } from './compile-flag.js';
export type { CompiledSegment } from './segment.js';

/** A configuration prepared for evaluation; build one per configuration change with `compileConfig`. */
export interface CompiledConfig {
  readonly flags: ReadonlyMap<string, CompiledFlag>;
  readonly segments: ReadonlyMap<string, CompiledSegment>;
  /** The configuration this was compiled from. */
  readonly source: FlagsConfig;
}

/**
 * Compiles a configuration that `validateConfig` accepted: segments first, then each flag after the
 * flags it depends on, so that a prerequisite is a direct reference, not a lookup per evaluation.
 * Variation values are deep-frozen copies; the caller's objects are not modified.
 */
export function compileConfig(config: FlagsConfig): CompiledConfig {
  const segments = new Map<string, CompiledSegment>();
  for (const definition of config.segments ?? []) segments.set(definition.key, compileSegment(definition));

  const definitions = new Map<string, FlagDefinition>();
  for (const definition of config.flags) definitions.set(definition.key, definition);

  const flags = new Map<string, CompiledFlag>();
  const inProgress = new Set<string>();
  // The validator rejects missing and cyclic prerequisites; should one get through anyway, the
  // reference is left undefined and that prerequisite always fails instead of recursing forever.
  const resolve = (key: string): CompiledFlag | undefined => {
    const done = flags.get(key);
    if (done !== undefined) return done;
    const definition = definitions.get(key);
    if (definition === undefined || inProgress.has(key)) return undefined;
    inProgress.add(key);
    const flag = compileFlag(definition, { segments, prerequisite: resolve });
    inProgress.delete(key);
    flags.set(key, flag);
    return flag;
  };
  for (const key of definitions.keys()) resolve(key);

  // Re-insert in declared order so that iterating `flags` follows the configuration.
  const ordered = new Map<string, CompiledFlag>();
  for (const key of definitions.keys()) ordered.set(key, flags.get(key)!);
  return Object.freeze({ flags: ordered, segments, source: config });
}
