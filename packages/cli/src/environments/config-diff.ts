import {
  type ConfigSnapshot,
  diffConfigs,
  type FlagChange,
  type FlagsConfig,
  type JsonValue,
  UNBOUNDED_DIFF,
} from '@rampkit/core';

/**
 * Fields each store keeps for itself: a flag's `version` counts its edits in that environment, so
 * two environments serving the same flag may disagree on it (promotion bumps it in the target).
 */
export const ENVIRONMENT_IGNORED_FIELDS: readonly string[] = ['version'];

/** One side of a comparison: the store as printed and its configuration (null: nothing written). */
export interface DiffSide {
  store: string;
  snapshot: ConfigSnapshot | null;
}

export interface EnvironmentFieldDiff {
  /** The field's JSON path inside the flag or segment, e.g. `fallthrough.split.weights[0].weight`. */
  path: string;
  /** Its value in `--from`; absent: no such field there. */
  from?: JsonValue;
  /** Its value in `--to`; absent: no such field there. */
  to?: JsonValue;
}

export interface EnvironmentDifference {
  kind: 'flag' | 'segment';
  key: string;
  status: 'only-in-from' | 'only-in-to' | 'changed';
  /** For `changed`: every field that differs, in path order. */
  fields?: EnvironmentFieldDiff[];
}

export interface DiffCounts {
  onlyInFrom: number;
  onlyInTo: number;
  changed: number;
  /** On both sides and the same. */
  same: number;
}

/** What `rampkit flags diff --json` prints: a stable shape, keys in order. */
export interface EnvironmentDiff {
  from: { store: string; version: number | null };
  to: { store: string; version: number | null };
  identical: boolean;
  summary: { flags: DiffCounts; segments: DiffCounts };
  differences: EnvironmentDifference[];
}

/**
 * How two environments' flags and segments differ, whole (no bounds: the audit log's diff with its
 * limits lifted), ignoring what each store keeps for itself. With `keys`, only those flags (and no
 * segments unless one of them references it) are compared.
 */
export function diffEnvironments(from: DiffSide, to: DiffSide, keys?: readonly string[]): EnvironmentDiff {
  const a = narrow(from.snapshot?.config ?? { flags: [] }, keys);
  const b = narrow(to.snapshot?.config ?? { flags: [] }, keys);
  const changes = diffConfigs(a, b, { ...UNBOUNDED_DIFF, ignoreFields: ENVIRONMENT_IGNORED_FIELDS }).changes;
  const differences = changes.map(toDifference);
  return {
    from: { store: from.store, version: from.snapshot?.version ?? null },
    to: { store: to.store, version: to.snapshot?.version ?? null },
    identical: differences.length === 0,
    summary: {
      flags: counts(differences, 'flag', union(a.flags, b.flags)),
      segments: counts(differences, 'segment', union(a.segments ?? [], b.segments ?? [])),
    },
    differences,
  };
}

/** The flags named, and the segments they reference; everything without `keys`. */
function narrow(config: FlagsConfig, keys: readonly string[] | undefined): FlagsConfig {
  if (keys === undefined || keys.length === 0) return config;
  const wanted = new Set(keys);
  const flags = config.flags.filter((flag) => wanted.has(flag.key));
  const used = new Set(flags.flatMap((flag) => (flag.rules ?? []).flatMap((rule) => rule.segments ?? [])));
  return { flags, segments: (config.segments ?? []).filter((segment) => used.has(segment.key)) };
}

/** A change of the core diff (before: `--from`, after: `--to`) in the words of an environment diff. */
export function toDifference(change: FlagChange): EnvironmentDifference {
  const status =
    change.change === 'added' ? 'only-in-to' : change.change === 'removed' ? 'only-in-from' : 'changed';
  const difference: EnvironmentDifference = { kind: change.kind, key: change.key, status };
  if (change.fields !== undefined) {
    difference.fields = change.fields.map((field) => {
      const out: EnvironmentFieldDiff = { path: field.path };
      if (field.before !== undefined) out.from = field.before;
      if (field.after !== undefined) out.to = field.after;
      return out;
    });
  }
  return difference;
}

function union(a: readonly { key: string }[], b: readonly { key: string }[]): number {
  return new Set([...a.map((item) => item.key), ...b.map((item) => item.key)]).size;
}

function counts(
  differences: readonly EnvironmentDifference[],
  kind: 'flag' | 'segment',
  total: number,
): DiffCounts {
  const mine = differences.filter((difference) => difference.kind === kind);
  const of = (status: EnvironmentDifference['status']) => mine.filter((d) => d.status === status).length;
  return {
    onlyInFrom: of('only-in-from'),
    onlyInTo: of('only-in-to'),
    changed: of('changed'),
    same: total - mine.length,
  };
}
