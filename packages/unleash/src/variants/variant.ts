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
  /**
   * Always equal to `feature_enabled`: unleash-client-node's older name for it, which its results
   * still carry, so that code written against that SDK reads the same value.
   * @deprecated Read `feature_enabled`, as unleash-client-node advises.
   */
  featureEnabled: boolean;
  payload?: UnleashVariantPayload;
}

/**
 * The variant `getVariant` answers when it has none to serve. Its `feature_enabled` and
 * `featureEnabled`, given or not, are replaced by the feature's state.
 */
export type UnleashFallbackVariant = Omit<UnleashVariant, 'feature_enabled' | 'featureEnabled'> &
  Partial<Pick<UnleashVariant, 'feature_enabled' | 'featureEnabled'>>;

/** The name Unleash gives "no variant". */
export const DISABLED_VARIANT = 'disabled';

/** No variant served: the caller's fallback when given, else Unleash's `disabled` variant. */
export function noVariant(
  featureEnabled: boolean,
  fallback: UnleashFallbackVariant | undefined,
): UnleashVariant {
  if (fallback !== undefined) return { ...fallback, feature_enabled: featureEnabled, featureEnabled };
  return { name: DISABLED_VARIANT, enabled: false, feature_enabled: featureEnabled, featureEnabled };
}

export function servedVariant(definition: UnleashVariantDefinition): UnleashVariant {
  const variant: UnleashVariant = {
    name: definition.name,
    enabled: true,
    feature_enabled: true,
    featureEnabled: true,
  };
  if (definition.payload)
    variant.payload = { type: definition.payload.type, value: definition.payload.value };
  return variant;
}
