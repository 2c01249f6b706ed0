import { strategyVariantsGroupId } from '../bucketing/group-id.js';
import { type ConstraintScope, compileConstraint } from '../constraints/compile-constraint.js';
import { allOf, NEVER, type Predicate } from '../constraints/predicate.js';
import type { FeatureSet } from '../payload/feature-set.js';
import type { UnleashDependency, UnleashStrategy } from '../payload/types.js';
import { type BuiltinScope, strategyCheck } from '../strategies/builtin.js';
import { parameter, readParameters } from '../strategies/parameters.js';
import { type CompiledVariants, compileVariants } from '../variants/select-variant.js';

export interface CompiledStrategy {
  /** The strategy's constraints, then its segments' constraints, then its own check: all must hold. */
  readonly holds: Predicate;
  /** Strategy variants; when undefined the feature's own variants apply. */
  readonly variants: CompiledVariants | undefined;
}

export interface CompiledFeature {
  readonly name: string;
  readonly enabled: boolean;
  /** Undefined when the payload has no strategy list at all: such a feature is off. */
  readonly strategies: readonly CompiledStrategy[] | undefined;
  readonly variants: CompiledVariants | undefined;
  readonly dependencies: readonly UnleashDependency[];
}

export type CompileScope = ConstraintScope & BuiltinScope;

/**
 * Compiles every feature once per payload: segments into predicates shared by the strategies that
 * use them, operands parsed (numbers, versions, networks, regular expressions), variant weights
 * summed. Evaluation then only reads context values and compares.
 */
export function compileFeatures(set: FeatureSet, scope: CompileScope): ReadonlyMap<string, CompiledFeature> {
  const segments = new Map<number, Predicate>();
  for (const [id, segment] of set.segments) {
    segments.set(id, allOf(segment.constraints.map((constraint) => compileConstraint(constraint, scope))));
  }
  const features = new Map<string, CompiledFeature>();
  for (const [name, feature] of set.features) {
    features.set(
      name,
      Object.freeze({
        name,
        enabled: feature.enabled,
        strategies: Array.isArray(feature.strategies)
          ? feature.strategies.map((strategy) => compileStrategy(strategy, name, segments, scope))
          : undefined,
        variants: compileVariants(feature.variants, name, 'default'),
        dependencies: feature.dependencies ?? [],
      }),
    );
  }
  return features;
}

function compileStrategy(
  strategy: UnleashStrategy,
  featureName: string,
  segments: ReadonlyMap<number, Predicate>,
  scope: CompileScope,
): CompiledStrategy {
  if (strategy.disabled === true) return { holds: NEVER, variants: undefined };
  const parameters = readParameters(strategy);
  const holds = allOf([
    ...(strategy.constraints ?? []).map((constraint) => compileConstraint(constraint, scope)),
    // A segment id the payload does not define makes the strategy off (Unleash's spec 15).
    ...(strategy.segments ?? []).map((id) => segments.get(id) ?? NEVER),
    strategyCheck(strategy.name, parameters, featureName, scope),
  ]);
  const groupId = strategyVariantsGroupId(scope.hashing, strategy, featureName);
  const stickiness = parameter(parameters, 'stickiness') || 'default';
  return { holds, variants: compileVariants(strategy.variants, groupId, stickiness) };
}
