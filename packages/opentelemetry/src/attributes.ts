import type { Attributes } from '@opentelemetry/api';
import type { EvaluationErrorCode, EvaluationReason, EvaluationResult } from '@rampkit/core';

/**
 * OpenTelemetry's semantic conventions for feature flags (semconv's feature-flag attribute
 * registry): the event's name and the attributes Rampkit fills.
 * https://opentelemetry.io/docs/specs/semconv/registry/attributes/feature-flag/
 */
export const FEATURE_FLAG_EVALUATION = 'feature_flag.evaluation';
export const ATTR_KEY = 'feature_flag.key';
export const ATTR_PROVIDER_NAME = 'feature_flag.provider.name';
export const ATTR_RESULT_VARIANT = 'feature_flag.result.variant';
export const ATTR_RESULT_REASON = 'feature_flag.result.reason';
export const ATTR_RESULT_VALUE = 'feature_flag.result.value';
export const ATTR_VERSION = 'feature_flag.version';
export const ATTR_ERROR_MESSAGE = 'feature_flag.error.message';
export const ATTR_ERROR_TYPE = 'error.type';

/** Rampkit's reasons as the convention's `feature_flag.result.reason` values. */
const REASONS: Record<EvaluationReason, string> = {
  STATIC: 'static',
  TARGETING_MATCH: 'targeting_match',
  SPLIT: 'split',
  DISABLED: 'disabled',
  DEFAULT: 'default',
  ERROR: 'error',
};

/** Rampkit's error codes as the convention's `error.type` values for feature flags. */
const ERROR_TYPES: Record<EvaluationErrorCode, string> = {
  FLAG_NOT_FOUND: 'flag_not_found',
  TYPE_MISMATCH: 'type_mismatch',
  INVALID_CONTEXT: 'invalid_context',
  PARSE_ERROR: 'parse_error',
  PROVIDER_NOT_READY: 'provider_not_ready',
  GENERAL: 'general',
};

/** The attributes of one evaluation's `feature_flag.evaluation` event. */
export function evaluationAttributes(
  result: EvaluationResult<unknown>,
  providerName: string,
  withValue: boolean,
): Attributes {
  const attributes: Attributes = {
    [ATTR_KEY]: result.key,
    [ATTR_PROVIDER_NAME]: providerName,
    [ATTR_RESULT_REASON]: REASONS[result.reason] ?? 'unknown',
  };
  if (result.variation !== undefined) attributes[ATTR_RESULT_VARIANT] = result.variation;
  if (result.flagVersion !== undefined) attributes[ATTR_VERSION] = String(result.flagVersion);
  if (result.errorCode !== undefined)
    attributes[ATTR_ERROR_TYPE] = ERROR_TYPES[result.errorCode] ?? 'general';
  if (result.errorMessage !== undefined) attributes[ATTR_ERROR_MESSAGE] = result.errorMessage;
  if (withValue) attributes[ATTR_RESULT_VALUE] = valueAttribute(result.value);
  return attributes;
}

/** A flag value as an attribute value: scalars as they are, JSON as its text. */
function valueAttribute(value: unknown): string | number | boolean {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value) ?? 'undefined';
}
