import type { UnleashVariantDefinition, UnleashVariantPayload } from '../payload/types.js';

/**
 * What `getVariant` returns, exactly as Unleash's SDKs shape it: `enabled` says whether a variant
 * was served, `feature_enabled` whether the feature itself is on, `payload` is present only when
 * the served variant has one.
 */
export interface UnleashVariant {
  name: string;
  enabled: boolean;
  feature_enabled: boolean;
  payload?: UnleashVariantPayload;
}

/** The name Unleash gives "no variant". */
export const DISABLED_VARIANT = 'disabled';

/** No variant served: the caller's fallback when given, else Unleash's `disabled` variant. */
export function noVariant(featureEnabled: boolean, fallback: UnleashVariant | undefined): UnleashVariant {
  if (fallback !== undefined) return { ...fallback, feature_enabled: featureEnabled };
  return { name: DISABLED_VARIANT, enabled: false, feature_enabled: featureEnabled };
}

export function servedVariant(definition: UnleashVariantDefinition): UnleashVariant {
  const variant: UnleashVariant = { name: definition.name, enabled: true, feature_enabled: true };
  if (definition.payload)
    variant.payload = { type: definition.payload.type, value: definition.payload.value };
  return variant;
}
