/**
 * @rampkit/unleash — Unleash payloads evaluated with Unleash's semantics and buckets.
 *
 * The contract is kept small on purpose. Held back: the compiled form of features and the
 * evaluation internals (they change freely), and the structural checker of payloads.
 */

export type { UnleashHashing } from './bucketing/hashing.js';
export type { UnleashContext } from './context.js';
export type { UnleashFlagsOptions } from './options.js';
export type {
  UnleashConstraint,
  UnleashDeltaEvent,
  UnleashDeltaPayload,
  UnleashDependency,
  UnleashFeature,
  UnleashOverride,
  UnleashPayload,
  UnleashSegment,
  UnleashStrategy,
  UnleashVariantDefinition,
  UnleashVariantPayload,
} from './payload/types.js';
export type { CustomStrategy } from './strategies/builtin.js';
export type { StrategyParameters } from './strategies/parameters.js';
export { createUnleashFlags, UnleashFlags } from './unleash-flags.js';
export type { UnleashFallbackVariant, UnleashVariant } from './variants/variant.js';
