import { ErrorCode, type FlagMetadata, type ResolutionDetails } from '@openfeature/server-sdk';
import type { EvaluationErrorCode, EvaluationResult, JsonValue } from '@rampkit/core';

/** What a flag whose kill switch is off resolves to through OpenFeature. */
export type DisabledValue = 'off-variation' | 'caller-default';

const ERROR_CODES: Readonly<Record<EvaluationErrorCode, ErrorCode>> = {
  FLAG_NOT_FOUND: ErrorCode.FLAG_NOT_FOUND,
  TYPE_MISMATCH: ErrorCode.TYPE_MISMATCH,
  INVALID_CONTEXT: ErrorCode.INVALID_CONTEXT,
  PARSE_ERROR: ErrorCode.PARSE_ERROR,
  PROVIDER_NOT_READY: ErrorCode.PROVIDER_NOT_READY,
  GENERAL: ErrorCode.GENERAL,
};

/**
 * A Rampkit result as OpenFeature resolution details. Rampkit's reasons are OpenFeature's names
 * (STATIC, TARGETING_MATCH, SPLIT, DISABLED, DEFAULT, ERROR) and its error codes are a subset of
 * OpenFeature's, so the mapping is one to one. Errors carry no variant: the value is the caller's.
 * `optionMetadata` is what the provider's `flagMetadata` option gave for this flag.
 */
export function toResolution<T extends JsonValue>(
  result: EvaluationResult<unknown>,
  defaultValue: T,
  disabledValue: DisabledValue,
  optionMetadata: FlagMetadata | undefined,
): ResolutionDetails<T> {
  const flagMetadata = mergeMetadata(optionMetadata, result.flagMetadata);
  const metadata = flagMetadata === undefined ? {} : { flagMetadata };
  if (result.errorCode !== undefined) {
    return {
      value: defaultValue,
      reason: 'ERROR',
      errorCode: ERROR_CODES[result.errorCode],
      ...(result.errorMessage === undefined ? {} : { errorMessage: result.errorMessage }),
      ...metadata,
    };
  }
  if (result.reason === 'DISABLED' && disabledValue === 'caller-default') {
    return { value: defaultValue, reason: 'DISABLED', ...metadata };
  }
  return {
    value: result.value as T,
    reason: result.reason,
    ...(result.variation === undefined ? {} : { variant: result.variation }),
    ...metadata,
  };
}

/**
 * The option's entries, then the flag's own, which win on the same key: flagd merges its flag-set
 * metadata under a flag's metadata the same way, the more specific source taking priority. With
 * one source its object is passed as it is (the flag's is frozen and shared), so the common case
 * allocates nothing.
 */
function mergeMetadata(
  fromOption: FlagMetadata | undefined,
  fromFlag: Readonly<FlagMetadata> | undefined,
): FlagMetadata | undefined {
  if (fromOption === undefined) return fromFlag;
  if (fromFlag === undefined) return fromOption;
  return { ...fromOption, ...fromFlag };
}

export function notReady<T>(defaultValue: T, message: string): ResolutionDetails<T> {
  return {
    value: defaultValue,
    reason: 'ERROR',
    errorCode: ErrorCode.PROVIDER_NOT_READY,
    errorMessage: message,
  };
}
