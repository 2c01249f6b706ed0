import type { JsonValue } from '../model/types.js';
import type { SharedMetadata } from './flag-metadata.js';
import { interned } from './interned.js';
import type { EvaluationReason, EvaluationResult } from './result.js';

/**
 * A result built once at compile time and returned, frozen and shared, by every evaluation that
 * takes the same path through a flag: evaluation then allocates nothing on its common paths.
 */
export type PresetResult = Readonly<EvaluationResult<JsonValue>>;

export interface PresetDetail {
  ruleIndex?: number;
  inExperiment?: boolean;
  prerequisiteFailed?: string;
  errorMessage?: string;
}

/** The flag-level fields every preset of one flag shares. */
export interface PresetFlag {
  readonly key: string;
  readonly version: number;
  readonly values: ReadonlyMap<string, JsonValue>;
  /** Put as it is (one frozen object) on every preset of the flag. */
  readonly metadata: SharedMetadata | undefined;
}

export function presetResult(
  flag: PresetFlag,
  variation: string,
  reason: EvaluationReason,
  detail: PresetDetail = {},
): PresetResult {
  const result: EvaluationResult<JsonValue> = {
    key: flag.key,
    value: flag.values.get(variation) ?? null,
    variation: interned(variation),
    reason,
    inExperiment: detail.inExperiment ?? false,
    flagVersion: flag.version,
  };
  if (detail.ruleIndex !== undefined) result.ruleIndex = detail.ruleIndex;
  if (detail.prerequisiteFailed !== undefined) result.prerequisiteFailed = detail.prerequisiteFailed;
  if (detail.errorMessage !== undefined) result.errorMessage = detail.errorMessage;
  if (flag.metadata !== undefined) result.flagMetadata = flag.metadata;
  return Object.freeze(result);
}
