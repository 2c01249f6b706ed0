import {
  type FlagDefinition,
  type FlagsConfig,
  InvalidConfigError,
  isInvalidConfigError,
  type SegmentDefinition,
  type ValidationIssue,
  validateConfig,
} from '@rampkit/core';
import { UsageError } from '../program/errors.js';

/** What `flags set` was given: whole configuration, or flags (and segments) to add or replace. */
export interface FlagInput {
  flags: FlagDefinition[];
  segments: SegmentDefinition[];
  /** The input was a whole configuration (`{ flags: [...] }`). */
  whole: boolean;
}

export interface MergeResult {
  config: FlagsConfig;
  added: string[];
  updated: string[];
  unchanged: string[];
  removed: string[];
}

/** @throws UsageError when the value is none of the accepted shapes */
export function readFlagInput(value: unknown, command: string): FlagInput {
  if (Array.isArray(value)) return { flags: value as FlagDefinition[], segments: [], whole: false };
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    if (Array.isArray(record.flags)) {
      const segments = Array.isArray(record.segments) ? (record.segments as SegmentDefinition[]) : [];
      return { flags: record.flags as FlagDefinition[], segments, whole: true };
    }
    if (typeof record.key === 'string')
      return { flags: [value as FlagDefinition], segments: [], whole: false };
  }
  throw new UsageError(
    `${command}: expected a configuration ({ flags: [...] }), one flag definition ({ key: ..., variations: ... }) or a list of flags`,
    command,
  );
}

/**
 * The configuration after `flags set`: flags and segments added or replaced by key (in place, new
 * ones at the end), or the input alone with `replace`. A changed flag whose input names no
 * `version` gets the stored one plus one, so exposure deduplication sees the change.
 * @throws InvalidConfigError naming each flag by key: `flags["checkout"].fallthrough: …`
 */
export function mergeFlags(
  current: FlagsConfig | undefined,
  input: FlagInput,
  replace: boolean,
): MergeResult {
  const before = current?.flags ?? [];
  const byKey = new Map(before.map((flag) => [flag.key, flag]));
  const result: MergeResult = { config: { flags: [] }, added: [], updated: [], unchanged: [], removed: [] };
  const flags: FlagDefinition[] = replace ? [] : [...before];
  for (const flag of input.flags) {
    const old = typeof flag?.key === 'string' ? byKey.get(flag.key) : undefined;
    if (old === undefined) {
      result.added.push(String(flag?.key));
      flags.push(flag);
      continue;
    }
    const same = JSON.stringify(withoutVersion(old)) === JSON.stringify(withoutVersion(flag));
    const next = same || flag.version !== undefined ? flag : { ...flag, version: (old.version ?? 1) + 1 };
    (same ? result.unchanged : result.updated).push(flag.key);
    const index = flags.findIndex((candidate) => candidate.key === flag.key);
    if (index === -1) flags.push(same ? old : next);
    else flags[index] = same ? old : next;
  }
  if (replace) {
    const kept = new Set(input.flags.map((flag) => flag?.key));
    result.removed = before.filter((flag) => !kept.has(flag.key)).map((flag) => flag.key);
  }
  const segments = mergeSegments(current?.segments ?? [], input.segments, replace);
  result.config = { ...(replace ? {} : current), flags, ...(segments.length > 0 ? { segments } : {}) };
  if (segments.length === 0) delete result.config.segments;
  return { ...result, config: validated(result.config) };
}

function mergeSegments(
  current: readonly SegmentDefinition[],
  input: readonly SegmentDefinition[],
  replace: boolean,
): SegmentDefinition[] {
  const segments = replace ? [] : [...current];
  for (const segment of input) {
    const index = segments.findIndex((candidate) => candidate.key === segment?.key);
    if (index === -1) segments.push(segment);
    else segments[index] = segment;
  }
  return segments;
}

function withoutVersion(flag: FlagDefinition): Omit<FlagDefinition, 'version'> {
  const { version: _version, ...rest } = flag;
  return rest;
}

/** Validates, rewriting `flags[3]` in issue paths to `flags["checkout"]`: indices of the merged list mean nothing to the user. */
export function validated(config: FlagsConfig, source?: string): FlagsConfig {
  try {
    return validateConfig(config, source);
  } catch (error) {
    if (!isInvalidConfigError(error)) throw error;
    const issues: ValidationIssue[] = error.issues.map((issue) => ({
      path: issue.path.replace(/^flags\[(\d+)\]/, (match, index: string) => {
        const key = config.flags[Number(index)]?.key;
        return typeof key === 'string' ? `flags[${JSON.stringify(key)}]` : match;
      }),
      message: issue.message,
    }));
    throw new InvalidConfigError(issues, source);
  }
}
