/**
 * The flag model: what a flags file, a store snapshot or `createClient({ flags })` contains.
 * These are plain JSON-compatible shapes; `validateConfig` checks them and `compileConfig` turns
 * them into the structures evaluation runs on. docs/flag-file-format.md documents every field.
 */

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };

/** The kind of value a flag serves; all variations of one flag share it. */
export type FlagType = 'boolean' | 'string' | 'number' | 'json';

/** A value in an evaluation context. Dates may be `Date`s, ISO-8601 strings or epoch milliseconds. */
export type ContextValue = string | number | boolean | string[] | Date;

/**
 * Who or what a flag is evaluated for. `targetingKey` is the default bucketing unit (a user id);
 * a flag may bucket by another attribute with `bucketBy`.
 */
export interface EvaluationContext {
  targetingKey?: string;
  [attribute: string]: ContextValue | undefined;
}

export type Operator =
  | 'in'
  | 'notIn'
  | 'contains'
  | 'startsWith'
  | 'endsWith'
  | 'eq'
  | 'lt'
  | 'lte'
  | 'gt'
  | 'gte'
  | 'semverEq'
  | 'semverLt'
  | 'semverLte'
  | 'semverGt'
  | 'semverGte'
  | 'before'
  | 'after'
  | 'exists'
  | 'cidr';

/**
 * One test of one context attribute. Evaluated as `negate XOR op(attribute, values)`:
 * a missing attribute makes `op` false (so a negated condition on a missing attribute holds).
 * For list-valued attributes the operator holds when it holds for any element.
 * Against several `values` the operator holds when it holds for any of them.
 */
export interface Condition {
  /** The context attribute tested, e.g. `country`; `targetingKey` is an attribute too. */
  attribute: string;
  op: Operator;
  /** Operands. Strings for string/semver/cidr operators, numbers for numeric ones,
   * ISO-8601 strings or epoch milliseconds for dates; ignored (may be omitted) for `exists`. */
  values?: Array<string | number>;
  /** Invert the result. @default false */
  negate?: boolean;
  /** Compare strings case-insensitively (in, notIn, contains, startsWith, endsWith). @default false */
  caseInsensitive?: boolean;
}

/**
 * A split assigns units to variations by bucket: each unit's bucket (0..9999) falls into the range
 * of the first entry whose cumulative weight exceeds it, in declared order. Declare a canary first
 * so that raising its weight only moves units from stable into the canary.
 */
export interface Split {
  /** Weights in basis points (1/100 of a percent); they must sum to 10000. */
  weights: Array<{ variation: string; weight: number }>;
  /** Share of units in the split at all, in basis points, decided by an independent hash.
   * Units outside it skip this rule (or, at the fallthrough, get `offVariation`). @default 10000 */
  coverage?: number;
  /** Mutual exclusion: experiments in one layer claim disjoint ranges of the layer's buckets,
   * so no unit is in two of them. Units outside `range` skip this split like uncovered units. */
  layer?: { key: string; range: [start: number, end: number] };
  /** Bucket by this attribute instead of the flag's `bucketBy`. */
  bucketBy?: string;
  /** Hash with this salt instead of the flag's salt (re-randomises the split). */
  salt?: string;
}

/** What a rule or the fallthrough serves: exactly one of `variation` or `split`. */
export interface Serve {
  variation?: string;
  split?: Split;
}

export interface Rule extends Serve {
  /** Optional stable id for reports and explanations. */
  id?: string;
  /** All must hold. */
  conditions?: Condition[];
  /** Keys of segments the context must all be in. */
  segments?: string[];
}

export interface Prerequisite {
  /** Key of the flag that must evaluate first. */
  flag: string;
  /** The prerequisite passes when that flag serves one of these variations. */
  variations: string[];
}

export interface FlagDefinition {
  key: string;
  /** Kill switch: when false every unit gets `offVariation` with reason DISABLED. @default true */
  enabled?: boolean;
  /** Inferred from the variations when absent; `json` admits any JSON value. */
  type?: FlagType;
  /** Named values, e.g. `{ "on": true, "off": false }` or `{ "stable": "v1", "canary": "v2" }`. */
  variations: Record<string, JsonValue>;
  /** Served when the flag is disabled, a prerequisite fails, or no rule or split places the unit. */
  offVariation: string;
  /** Evaluated in order; the first whose conditions and segments all hold serves. */
  rules?: Rule[];
  /** Served when no rule matches. */
  fallthrough: Serve;
  prerequisites?: Prerequisite[];
  /** Hash salt. @default the flag key */
  salt?: string;
  /** The context attribute that identifies a unit for splits. @default 'targetingKey' */
  bucketBy?: string;
  /** Variation served to a unit that has no `bucketBy` value when it reaches a split.
   * @default offVariation */
  fallbackVariation?: string;
  /** Report per-variation outcomes (requests, errors, latency) from the middleware (`isTrackedFlag`).
   * @default true for `kind: 'canary'`, else false */
  track?: boolean;
  /** `canary` marks a flag driven by a rollout (tracked unless `track: false`); `experiment` an A/B
   * test (tracked only with `track: true`). @default 'flag' */
  kind?: 'flag' | 'canary' | 'experiment';
  /** Bumped on every change; exposures are deduplicated per unit, flag and version. @default 1 */
  version?: number;
  description?: string;
  tags?: string[];
  /** Free-form facts about the flag for people and tools (`owner`, `ticket`, `expires`…): string,
   * finite number or boolean values. Every result of the flag carries them as `flagMetadata`
   * (OpenFeature's flag metadata); evaluation never reads them. */
  metadata?: Record<string, string | number | boolean>;
}

/** A named, reusable audience: explicit unit lists and/or conditions. */
export interface SegmentDefinition {
  key: string;
  /** Units always in the segment. */
  included?: string[];
  /** Units never in the segment (wins over `included` and conditions). */
  excluded?: string[];
  /** Units not listed are in the segment when all of these hold (none: only `included`). */
  conditions?: Condition[];
  /** The attribute `included`/`excluded` are matched against. @default 'targetingKey' */
  unitAttribute?: string;
  description?: string;
}

/** The whole configuration: what a flags file holds and what a config store versions. */
export interface FlagsConfig {
  $schema?: string;
  flags: FlagDefinition[];
  segments?: SegmentDefinition[];
}

/** A configuration as stored: a version the store increments on every write. */
export interface ConfigSnapshot {
  version: number;
  config: FlagsConfig;
  /** Epoch milliseconds of the write. */
  updatedAt: number;
  /**
   * Which history of versions the snapshot belongs to, for stores that can lose their data (a
   * Redis restarted without persistence, or one that failed over to a replica that missed writes):
   * writing again after a loss starts a new generation at version 1, and a store that finds its
   * version gone back names the history it follows from then on anew. Versions compare within a
   * generation; a snapshot of another generation than the one held replaces it whatever its
   * version. Absent: the store keeps one history.
   */
  generation?: string;
}
