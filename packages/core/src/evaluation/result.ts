import type { JsonValue } from '../model/types.js';

/** Why a value was served. The names and meanings follow OpenFeature's resolution reasons. */
export type EvaluationReason =
  /** The flag serves one variation to everyone (no rules, no split). */
  | 'STATIC'
  /** A rule matched and served a variation. */
  | 'TARGETING_MATCH'
  /** A split (rule or fallthrough) placed the unit by its bucket. */
  | 'SPLIT'
  /** The flag's kill switch is off: `offVariation`. */
  | 'DISABLED'
  /** No rule matched and the fallthrough served a fixed variation, or the unit could not be placed
   * (outside coverage, no unit id, failed prerequisite): the flag's configured default. */
  | 'DEFAULT'
  /** Evaluation could not produce a flag value: the caller's default was returned. */
  | 'ERROR';

export type EvaluationErrorCode =
  | 'FLAG_NOT_FOUND'
  | 'TYPE_MISMATCH'
  | 'INVALID_CONTEXT'
  | 'PARSE_ERROR'
  | 'PROVIDER_NOT_READY'
  | 'GENERAL';

export interface EvaluationResult<T = JsonValue> {
  key: string;
  value: T;
  /** Name of the variation served; absent when the caller's default was returned. */
  variation?: string;
  reason: EvaluationReason;
  /** Index of the matching rule, for TARGETING_MATCH and rule splits. */
  ruleIndex?: number;
  /** True when a split placed the unit (it counts toward an experiment or canary). */
  inExperiment: boolean;
  errorCode?: EvaluationErrorCode;
  /** Human-readable detail for ERROR results and fallbacks. */
  errorMessage?: string;
  /** Set when a prerequisite failed: the key of the first one that did. */
  prerequisiteFailed?: string;
  /** The flag's version, when the flag exists. */
  flagVersion?: number;
  /** The flag's `metadata`, when the flag exists and has some: one frozen object shared by every
   * result of the flag. */
  flagMetadata?: Readonly<Record<string, string | number | boolean>>;
}
