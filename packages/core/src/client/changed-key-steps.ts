import type { CompiledConfig } from '../evaluation/compile.js';
import type { Steps } from '../internal/time-slice.js';

/**
 * Keys of flags added, removed or changed between two configurations, one flag per step: comparing
 * 10,000 definitions by JSON takes longer than compiling them, so a sliced configuration change
 * slices this too. A differing `version` settles it cheaply; equal versions (hand-edited files
 * often keep them) fall back to comparing the definitions' JSON.
 */
export function* changedKeySteps(previous: CompiledConfig, next: CompiledConfig): Steps<string[]> {
  const changed: string[] = [];
  for (const [key, flag] of next.flags) {
    yield;
    const before = previous.flags.get(key);
    if (
      !before ||
      before.version !== flag.version ||
      JSON.stringify(before.definition) !== JSON.stringify(flag.definition)
    ) {
      changed.push(key);
    }
  }
  for (const key of previous.flags.keys()) {
    if (!next.flags.has(key)) changed.push(key);
  }
  return changed;
}
