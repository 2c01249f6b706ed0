import { runSteps, runStepsInSlices, type Steps, type TimeSliceOptions } from '../internal/time-slice.js';
import { isAdopted } from '../model/adopted-config.js';
import type { FlagDefinition, FlagsConfig } from '../model/types.js';
import { type CompiledFlag, compileFlag } from './compile-flag.js';
import { flagBody } from './flag-body.js';
import { interned } from './interned.js';
import { type CompiledSegment, compileSegment } from './segment.js';

export type {
  CompiledFlag,
  CompiledPrerequisite,
  CompiledRule,
  CompiledServe,
  FlagBody,
} from './compile-flag.js';
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
 * The rules, splits and results of a flag of an adopted (deep-frozen) configuration are built on
 * its first evaluation (`flagBody`), not here: most flags of a large configuration are never
 * evaluated by a given process.
 * Variation values are deep-frozen copies, metadata a frozen copy; the caller's objects are not modified.
 */
export function compileConfig(config: FlagsConfig): CompiledConfig {
  return runSteps(compileSteps(config));
}

/**
 * `compileConfig` that gives the event loop a turn every `sliceMs` (one flag or segment is the
 * smallest unit of work). Same result; the configuration must not change until it resolves.
 */
export function compileConfigAsync(
  config: FlagsConfig,
  options: TimeSliceOptions = {},
): Promise<CompiledConfig> {
  return runStepsInSlices(compileSteps(config), options);
}

/** The work of `compileConfig`, one segment or flag per step (10,000 flags are 30,000 steps). */
export function* compileSteps(config: FlagsConfig): Steps<CompiledConfig> {
  const segments = new Map<string, CompiledSegment>();
  for (const definition of config.segments ?? []) {
    yield;
    segments.set(definition.key, compileSegment(definition));
  }

  const definitions = new Map<string, FlagDefinition>();
  for (const definition of config.flags) {
    yield;
    definitions.set(interned(definition.key), definition);
  }

  const flags = new Map<string, CompiledFlag>();
  const scope = { segments, prerequisite: (key: string) => flags.get(key) };
  // An adopted configuration is deep-frozen: its flags can be compiled on their first evaluation.
  // Anyone else's may still be changed by its owner, so its flags are compiled now, from what it
  // holds now.
  const lazy = isAdopted(config);
  for (const key of prerequisitesFirst(definitions)) {
    yield;
    const flag = compileFlag(definitions.get(key)!, scope);
    if (!lazy) flagBody(flag);
    flags.set(key, flag);
  }

  // Re-insert in declared order so that iterating `flags` follows the configuration.
  const ordered = new Map<string, CompiledFlag>();
  for (const key of definitions.keys()) {
    yield;
    ordered.set(key, flags.get(key)!);
  }
  return Object.freeze({ flags: ordered, segments, source: config });
}

/**
 * Flag keys in depth-first post-order along prerequisites: each flag after those it depends on,
 * found with an explicit stack (a chain of thousands of flags must not overflow the call stack).
 * The validator rejects missing and cyclic prerequisites; should one get through anyway, the
 * prerequisite that names no flag or closes a cycle gets no reference and always fails, instead
 * of recursing forever.
 */
function* prerequisitesFirst(definitions: ReadonlyMap<string, FlagDefinition>): Generator<string> {
  const state = new Map<string, 'open' | 'done'>();
  for (const root of definitions.keys()) {
    if (state.has(root)) continue;
    state.set(root, 'open');
    const stack: Array<{ key: string; next: number }> = [{ key: root, next: 0 }];
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const prerequisite = definitions.get(frame.key)?.prerequisites?.[frame.next++];
      if (prerequisite === undefined) {
        state.set(frame.key, 'done');
        stack.pop();
        yield frame.key;
      } else if (!state.has(prerequisite.flag) && definitions.has(prerequisite.flag)) {
        state.set(prerequisite.flag, 'open');
        stack.push({ key: prerequisite.flag, next: 0 });
      }
    }
  }
}
