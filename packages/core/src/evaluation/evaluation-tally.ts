import type { CompiledConfig } from './compile.js';
import type { CompiledFlag } from './compile-flag.js';
import { interned } from './interned.js';
import type { EvaluationResult } from './result.js';

/**
 * The evaluations of one compiled flag per variation served, while someone counts them: each
 * variation's name then its count, in one small array per flag. It is made at the flag's first
 * counted evaluation and results carry no link to it, so a client nobody reads counts from holds
 * none (issue #24: a property on every preset result cost 330 bytes a flag).
 */
export type VariationCounts = Array<string | number>;

/**
 * Counts `result` when it served a variation, in the flag of `compiled` it names (the configuration
 * it was evaluated in). The request path, which holds the flag, calls `countEvaluation` directly.
 */
export function countResult(compiled: CompiledConfig, result: EvaluationResult<unknown>): void {
  const variation = result.variation;
  if (variation === undefined) return;
  const flag = compiled.flags.get(result.key);
  if (flag !== undefined) countEvaluation(flag, variation);
}

/**
 * Adds one to `flag`'s count of `variation`. Variation names are interned (the presets' and the
 * flag's keys alike), so among a flag's few variations the name is found by identity.
 */
export function countEvaluation(flag: CompiledFlag, variation: string): void {
  flag.counts ??= emptyCounts(flag);
  const counts = flag.counts;
  for (let i = 0; i < counts.length; i += 2) {
    if (counts[i] === variation) {
      counts[i + 1] = (counts[i + 1] as number) + 1;
      return;
    }
  }
  // Not one of the definition's variations: unreachable for a validated flag, counted all the same.
  counts.push(variation, 1);
}

/** Calls `visit` with each variation of `counts` and its count, in the flag's order. */
export function forEachCount(
  counts: VariationCounts,
  visit: (variation: string, count: number) => void,
): void {
  for (let i = 0; i < counts.length; i += 2) visit(counts[i] as string, counts[i + 1] as number);
}

function emptyCounts(flag: CompiledFlag): VariationCounts {
  const names = Object.keys(flag.definition.variations);
  // Sized once: an array grown by push reserves room for 17 elements.
  const counts: VariationCounts = new Array(names.length * 2);
  for (let i = 0; i < names.length; i += 1) {
    counts[2 * i] = interned(names[i]!);
    counts[2 * i + 1] = 0;
  }
  return counts;
}
