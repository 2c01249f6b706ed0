import type { CompiledConfig } from '../evaluation/compile.js';

/**
 * Keys of flags added, removed or changed between two configurations. A differing `version`
 * settles it cheaply; equal versions (hand-edited files often keep them) fall back to comparing
 * the definitions' JSON.
 */
export function changedFlagKeys(previous: CompiledConfig, next: CompiledConfig): string[] {
  const changed: string[] = [];
  for (const [key, flag] of next.flags) {
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
