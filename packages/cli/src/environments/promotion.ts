import { diffConfigs, type FlagDefinition, type FlagsConfig, type SegmentDefinition } from '@rampkit/core';
import { validated } from '../commands/flag-merge.js';
import { CliError } from '../program/errors.js';
import { EXIT } from '../program/exit-codes.js';
import { ENVIRONMENT_IGNORED_FIELDS } from './config-diff.js';

export interface PromotedItem {
  key: string;
  change: 'added' | 'updated' | 'unchanged';
}

/** The target's configuration after a promotion, validated, and what it adds or replaces. */
export interface Promotion {
  config: FlagsConfig;
  flags: PromotedItem[];
  /** The segments the promoted flags' rules reference, copied with them. */
  segments: PromotedItem[];
}

/**
 * Copies the flags named by `keys`, and the segments their rules reference, from `source` into
 * `target`: replaced in place, new ones at the end, everything else in the target kept. A flag
 * replaced by a different definition gets the target's `version` plus one, so exposures in the
 * target are counted anew; one that is the same already is left as it is.
 * @throws CliError (exit 2, RAMPKIT_FLAG_NOT_FOUND) naming every key the source lacks
 * @throws InvalidConfigError when the result is invalid (a prerequisite missing in the target…),
 *   each issue with its path, flags named by key: `flags["checkout"].prerequisites[0].flag`
 */
export function planPromotion(
  source: FlagsConfig | undefined,
  target: FlagsConfig | undefined,
  keys: readonly string[],
  where: { source: string; target: string },
): Promotion {
  const wanted = [...new Set(keys)];
  const sourceFlags = new Map((source?.flags ?? []).map((flag) => [flag.key, flag]));
  const missing = wanted.filter((key) => !sourceFlags.has(key));
  if (missing.length > 0) {
    const known = [...sourceFlags.keys()];
    const hint =
      known.length === 0
        ? 'it holds no flags'
        : `it has ${known.slice(0, 10).join(', ')}${known.length > 10 ? ', …' : ''}`;
    const names = missing.map((key) => JSON.stringify(key)).join(', ');
    throw new CliError(
      `no flag ${names} in ${where.source} (${hint}); nothing was promoted`,
      EXIT.usage,
      'RAMPKIT_FLAG_NOT_FOUND',
    );
  }
  const promoted = wanted.map((key) => sourceFlags.get(key) as FlagDefinition);
  const flags = [...(target?.flags ?? [])];
  const flagItems = promoted.map((flag) => place(flags, flag, sameFlag, bumped));
  const referenced = new Set(
    promoted.flatMap((flag) => (flag.rules ?? []).flatMap((rule) => rule.segments ?? [])),
  );
  const segments = [...(target?.segments ?? [])];
  const segmentItems = (source?.segments ?? [])
    .filter((segment) => referenced.has(segment.key))
    .map((segment) => place(segments, segment, sameSegment, (next) => next));
  const config: FlagsConfig = { ...target, flags };
  if (segments.length > 0) config.segments = segments;
  return { config: validated(config, where.target), flags: flagItems, segments: segmentItems };
}

function place<T extends { key: string }>(
  list: T[],
  item: T,
  same: (a: T, b: T) => boolean,
  replacing: (next: T, old: T) => T,
): PromotedItem {
  const index = list.findIndex((candidate) => candidate.key === item.key);
  if (index === -1) {
    list.push(item);
    return { key: item.key, change: 'added' };
  }
  const old = list[index] as T;
  if (same(old, item)) return { key: item.key, change: 'unchanged' };
  list[index] = replacing(item, old);
  return { key: item.key, change: 'updated' };
}

function bumped(next: FlagDefinition, old: FlagDefinition): FlagDefinition {
  return { ...next, version: (old.version ?? 1) + 1 };
}

/** The same definition, by the environment diff's rule (a flag's own `version` aside). */
function sameFlag(a: FlagDefinition, b: FlagDefinition): boolean {
  return noDifference({ flags: [a] }, { flags: [b] });
}

function sameSegment(a: SegmentDefinition, b: SegmentDefinition): boolean {
  return noDifference({ flags: [], segments: [a] }, { flags: [], segments: [b] });
}

function noDifference(a: FlagsConfig, b: FlagsConfig): boolean {
  return (
    diffConfigs(a, b, { ignoreFields: ENVIRONMENT_IGNORED_FIELDS, maxChanges: 1, maxFields: 1 }).changes
      .length === 0
  );
}
