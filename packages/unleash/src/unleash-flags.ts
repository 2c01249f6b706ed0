import { hostname as osHostname } from 'node:os';
import { hashFunction } from './bucketing/hashing.js';
import type { UnleashContext } from './context.js';
import { type CompiledFeature, type CompileScope, compileFeatures } from './evaluation/compile-features.js';
import { type EvaluationScope, featureOutcome, featureVariant } from './evaluation/evaluate.js';
import type { UnleashFlagsOptions } from './options.js';
import { EMPTY_FEATURE_SET, type FeatureSet, readFeatureSet } from './payload/feature-set.js';
import type { UnleashDeltaPayload, UnleashFeature, UnleashPayload } from './payload/types.js';
import { noVariant, type UnleashFallbackVariant, type UnleashVariant } from './variants/variant.js';

/**
 * Unleash features evaluated with Unleash's own semantics and buckets: `isEnabled` and `getVariant`
 * answer exactly as unleash-client-node does for the same payload and context (and pass Unleash's
 * client specification). Feed it payloads from the Unleash API, a file or a test; each one is
 * checked and compiled once, then evaluation is synchronous and never throws.
 */
export class UnleashFlags {
  readonly #scope: CompileScope;
  readonly #staticContext: UnleashContext | undefined;
  #set: FeatureSet = EMPTY_FEATURE_SET;
  #evaluation: EvaluationScope;

  constructor(options: UnleashFlagsOptions = {}) {
    const hashing = options.hashing ?? 'utf8';
    const hash = hashFunction(hashing);
    const random = options.random ?? Math.random;
    let host = options.hostname;
    this.#scope = {
      hashing,
      hash,
      random,
      now: options.now ?? Date.now,
      custom: new Map(Object.entries(options.strategies ?? {})),
      hostname: () => {
        host ??= process.env.HOSTNAME ?? osHostname();
        return host;
      },
    };
    const staticContext = options.staticContext;
    this.#staticContext = staticContext && Object.keys(staticContext).length > 0 ? staticContext : undefined;
    this.#evaluation = { features: new Map(), hash, random };
    if (options.payload !== undefined) this.load(options.payload);
  }

  /**
   * Applies a payload: a `/client/features` response replaces every feature and segment; a delta
   * response (`{ events }`: hydration, feature-updated, feature-removed, segment-updated,
   * segment-removed) applies its events in order.
   * @throws InvalidConfigError naming the JSON path of each problem; the features in force stay.
   */
  load(payload: UnleashPayload | UnleashDeltaPayload): void {
    const set = readFeatureSet(payload, this.#set, 'the Unleash payload');
    this.#evaluation = { ...this.#evaluation, features: compileFeatures(set, this.#scope) };
    this.#set = set;
  }

  /** Names of the features in force, in payload order. */
  get featureNames(): string[] {
    return [...this.#set.features.keys()];
  }

  /** The feature as the payload defined it, or undefined. */
  feature(name: string): UnleashFeature | undefined {
    return this.#set.features.get(name);
  }

  /** Whether the feature is on for this context; `fallback` when there is no such feature. Never throws. */
  isEnabled(name: string, context: UnleashContext = {}, fallback = false): boolean {
    const feature = this.#find(name);
    if (feature === undefined) return fallback;
    try {
      return featureOutcome(this.#evaluation, feature, this.#merge(context), true).enabled;
    } catch {
      return fallback;
    }
  }

  /**
   * The variant served to this context, shaped as unleash-client-node shapes it: `{ name, enabled,
   * feature_enabled, featureEnabled, payload? }`, where `featureEnabled` is the older name of
   * `feature_enabled`. Without a variant to serve: `fallbackVariant` (with the feature's
   * `feature_enabled`), else `{ name: 'disabled', enabled: false, feature_enabled }`. Never throws.
   */
  getVariant(
    name: string,
    context: UnleashContext = {},
    fallbackVariant?: UnleashFallbackVariant,
  ): UnleashVariant {
    const feature = this.#find(name);
    if (feature === undefined) return noVariant(false, fallbackVariant);
    try {
      return featureVariant(this.#evaluation, feature, this.#merge(context), true, fallbackVariant);
    } catch {
      return noVariant(false, fallbackVariant);
    }
  }

  #find(name: string): CompiledFeature | undefined {
    return typeof name === 'string' ? this.#evaluation.features.get(name) : undefined;
  }

  #merge(context: UnleashContext): UnleashContext {
    const safe = typeof context === 'object' && context !== null ? context : {};
    return this.#staticContext === undefined ? safe : { ...this.#staticContext, ...safe };
  }
}

/** Creates an `UnleashFlags`; see `UnleashFlagsOptions` for every option and its default. */
export function createUnleashFlags(options: UnleashFlagsOptions = {}): UnleashFlags {
  return new UnleashFlags(options);
}
