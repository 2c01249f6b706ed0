import { type HashFunction, normalizedValue, VARIANT_SEED } from '../bucketing/hashing.js';
import { type RandomSource, variantSeed } from '../bucketing/stickiness.js';
import { resolveContextValue, type UnleashContext } from '../context.js';
import type { UnleashVariantDefinition } from '../payload/types.js';

/** A feature's or a strategy's variants, prepared for selection. */
export interface CompiledVariants {
  readonly definitions: readonly UnleashVariantDefinition[];
  readonly totalWeight: number;
  /** Hashed with the id: the feature name for feature variants, the strategy's group id for its own. */
  readonly groupId: string;
  readonly stickiness: string;
}

/** Undefined when there is nothing to choose from: no variants, or weights that sum to 0. */
export function compileVariants(
  definitions: readonly UnleashVariantDefinition[] | null | undefined,
  groupId: string,
  fallbackStickiness: string,
): CompiledVariants | undefined {
  if (!definitions || definitions.length === 0) return undefined;
  let totalWeight = 0;
  for (const definition of definitions) totalWeight += definition.weight;
  if (!(totalWeight > 0)) return undefined;
  return Object.freeze({
    definitions,
    totalWeight,
    groupId,
    stickiness: definitions[0]?.stickiness || fallbackStickiness,
  });
}

/**
 * Unleash's variant choice (unleash-client-node `selectVariantDefinition`):
 * 1. overrides first: the first variant, in declared order, with an override listing the context's
 *    value of that override's field;
 * 2. else `target = murmur3(groupId + ':' + seed, 86028157) % totalWeight + 1`, where the seed is the
 *    stickiness field (see `variantSeed`);
 * 3. the first variant whose running weight reaches `target`; weight-0 variants are never chosen.
 */
export function selectVariant(
  variants: CompiledVariants,
  context: UnleashContext,
  hash: HashFunction,
  random: RandomSource,
): UnleashVariantDefinition | undefined {
  const pinned = overridden(variants.definitions, context);
  if (pinned !== undefined) return pinned;
  const seed = variantSeed(variants.stickiness, context, random);
  const target = normalizedValue(hash, seed, variants.groupId, variants.totalWeight, VARIANT_SEED);
  let counter = 0;
  for (const definition of variants.definitions) {
    if (definition.weight === 0) continue;
    counter += definition.weight;
    if (counter >= target) return definition;
  }
  return undefined;
}

function overridden(
  definitions: readonly UnleashVariantDefinition[],
  context: UnleashContext,
): UnleashVariantDefinition | undefined {
  for (const definition of definitions) {
    for (const override of definition.overrides ?? []) {
      const value = resolveContextValue(context, override.contextName);
      if (value !== undefined && override.values.includes(value)) return definition;
    }
  }
  return undefined;
}
