import type { UnleashContext } from '../context.js';
import type { UnleashStrategy } from '../payload/types.js';
import type { UnleashHashing } from './hashing.js';

/**
 * The group id a flexibleRollout hashes when its strategy has no `groupId` parameter:
 * - `utf8`: the feature name, as Unleash's Rust engine (Yggdrasil's `strategy_upgrade.rs`) does, so
 *   that two features at 10% do not select the same 10% of users;
 * - `unleash-node`: the context's `featureToggle` field, else `''`, as unleash-client-node does
 *   (`parameters.groupId || context.featureToggle || ''`). That SDK never sets the field, so in
 *   practice such a rollout hashes `':' + id` there, the same set of ids for every feature.
 */
export function rolloutGroupId(
  hashing: UnleashHashing,
  featureName: string,
): (context: UnleashContext) => string {
  return hashing === 'unleash-node' ? featureToggleField : () => featureName;
}

function featureToggleField(context: UnleashContext): string {
  const value = Object.hasOwn(context, 'featureToggle') ? context.featureToggle : undefined;
  return value ? String(value) : '';
}

/**
 * The group id a strategy's own variants hash:
 * - `utf8`: the strategy's non-empty `groupId`, else the feature name, as Yggdrasil does;
 * - `unleash-node`: the `groupId` parameter as a template string writes it, as unleash-client-node
 *   does (`${parameters.groupId}:${id}`): `"undefined"` when the strategy has none.
 */
export function strategyVariantsGroupId(
  hashing: UnleashHashing,
  strategy: UnleashStrategy,
  featureName: string,
): string {
  const parameters = strategy.parameters ?? {};
  const groupId = Object.hasOwn(parameters, 'groupId') ? parameters.groupId : undefined;
  if (hashing === 'unleash-node') return String(groupId);
  return groupId === undefined || groupId === null || groupId === '' ? featureName : String(groupId);
}
