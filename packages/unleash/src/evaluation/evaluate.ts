import type { HashFunction } from '../bucketing/hashing.js';
import type { RandomSource } from '../bucketing/stickiness.js';
import type { UnleashContext } from '../context.js';
import type { UnleashVariantDefinition } from '../payload/types.js';
import { selectVariant } from '../variants/select-variant.js';
import {
  noVariant,
  servedVariant,
  type UnleashFallbackVariant,
  type UnleashVariant,
} from '../variants/variant.js';
import type { CompiledFeature } from './compile-features.js';

/** What evaluation reads besides the feature and the context. */
export interface EvaluationScope {
  readonly features: ReadonlyMap<string, CompiledFeature>;
  readonly hash: HashFunction;
  readonly random: RandomSource;
}

interface Outcome {
  readonly enabled: boolean;
  /** The variant chosen by the first enabled strategy's own variants. */
  readonly variant?: UnleashVariantDefinition;
}

const OFF: Outcome = Object.freeze({ enabled: false });
const ON: Outcome = Object.freeze({ enabled: true });

/**
 * Unleash's `isFeatureEnabled`:
 * 1. dependencies (when `checkParents`) must all be satisfied, else off;
 * 2. a feature switched off is off;
 * 3. an empty strategy list means on for everyone;
 * 4. otherwise the first strategy that holds turns the feature on and chooses its variant; none: off.
 */
export function featureOutcome(
  scope: EvaluationScope,
  feature: CompiledFeature,
  context: UnleashContext,
  checkParents: boolean,
): Outcome {
  if (checkParents && !parentsSatisfied(scope, feature, context)) return OFF;
  if (!feature.enabled || feature.strategies === undefined) return OFF;
  if (feature.strategies.length === 0) return ON;
  for (const strategy of feature.strategies) {
    if (!strategy.holds(context)) continue;
    if (strategy.variants === undefined) return ON;
    const variant = selectVariant(strategy.variants, context, scope.hash, scope.random);
    return variant === undefined ? ON : { enabled: true, variant };
  }
  return OFF;
}

/** Unleash's `getVariant`: the strategy's variant, else one of the feature's, else "no variant". */
export function featureVariant(
  scope: EvaluationScope,
  feature: CompiledFeature,
  context: UnleashContext,
  checkParents: boolean,
  fallback: UnleashFallbackVariant | undefined,
): UnleashVariant {
  const outcome = featureOutcome(scope, feature, context, checkParents);
  if (!outcome.enabled) return noVariant(false, fallback);
  if (outcome.variant !== undefined) return servedVariant(outcome.variant);
  if (feature.variants === undefined) return noVariant(true, fallback);
  const variant = selectVariant(feature.variants, context, scope.hash, scope.random);
  return variant === undefined ? noVariant(true, fallback) : servedVariant(variant);
}

/**
 * Every dependency must hold, evaluated on the same context. Only one level is allowed: a parent
 * that is missing or has dependencies of its own fails, so cycles and chains come out off.
 * - `enabled: false`: the parent must be off;
 * - `variants` non-empty: the parent must be on and serve one of them (`disabled` names "on, no variant");
 * - otherwise the parent must be on.
 */
function parentsSatisfied(
  scope: EvaluationScope,
  feature: CompiledFeature,
  context: UnleashContext,
): boolean {
  for (const dependency of feature.dependencies) {
    const parent = scope.features.get(dependency.feature);
    if (parent === undefined || parent.dependencies.length > 0) return false;
    if (dependency.enabled === false) {
      if (featureOutcome(scope, parent, context, false).enabled) return false;
      continue;
    }
    if (dependency.variants !== undefined && dependency.variants.length > 0) {
      const variant = featureVariant(scope, parent, context, false, undefined);
      if (!variant.feature_enabled || !dependency.variants.includes(variant.name)) return false;
      continue;
    }
    if (!featureOutcome(scope, parent, context, false).enabled) return false;
  }
  return true;
}
