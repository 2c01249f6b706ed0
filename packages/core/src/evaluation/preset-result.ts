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

/**
 * Present, and true, on every preset of a tracked flag (`track: true`, or a canary). Not enumerable:
 * results look and serialise as before. A request evaluator reads it to decide whether to record the
 * request's outcome for the flag it just served, which otherwise meant looking the flag up a second
 * time on every first serve.
 */
export const TRACKED: unique symbol = Symbol('rampkit.tracked');

/** Whether `result` is a preset of a tracked flag (see `TRACKED`). */
export function isTrackedResult(result: EvaluationResult<unknown>): boolean {
  return (result as { [TRACKED]?: boolean })[TRACKED] === true;
}

/** The flag-level fields every preset of one flag shares. */
export interface PresetFlag {
  readonly key: string;
  readonly version: number;
  /** Outcomes of the flag are recorded: its presets carry `TRACKED`. */
  readonly tracked: boolean;
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
  if (flag.tracked) Object.defineProperty(result, TRACKED, { value: true });
  return Object.freeze(result);
}
