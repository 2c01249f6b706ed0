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
 */
export function toResolution<T extends JsonValue>(
  result: EvaluationResult<unknown>,
  defaultValue: T,
  disabledValue: DisabledValue,
  flagMetadata: FlagMetadata | undefined,
): ResolutionDetails<T> {
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

export function notReady<T>(defaultValue: T, message: string): ResolutionDetails<T> {
  return {
    value: defaultValue,
    reason: 'ERROR',
    errorCode: ErrorCode.PROVIDER_NOT_READY,
    errorMessage: message,
  };
}
