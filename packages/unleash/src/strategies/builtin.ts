import { rolloutGroupId } from '../bucketing/group-id.js';
import {
  type HashFunction,
  normalizedValue,
  STRATEGY_SEED,
  type UnleashHashing,
} from '../bucketing/hashing.js';
import { type RandomSource, rolloutId } from '../bucketing/stickiness.js';
import { parseNetwork, parseNetworks } from '../constraints/ip-networks.js';
import { ALWAYS, NEVER, type Predicate } from '../constraints/predicate.js';
import { standardField, type UnleashContext } from '../context.js';
import { list, parameter, type StrategyParameters } from './parameters.js';

/** A strategy the application implements (Unleash's custom strategies). */
export type CustomStrategy = (parameters: StrategyParameters, context: UnleashContext) => boolean;

export interface BuiltinScope {
  /** Which SDK's bucketing to reproduce; `hash` is its hash function. */
  readonly hashing: UnleashHashing;
  readonly hash: HashFunction;
  readonly random: RandomSource;
  /** This host's name, for applicationHostname. */
  readonly hostname: () => string;
  readonly custom: ReadonlyMap<string, CustomStrategy>;
}

/**
 * The check of one strategy, without its constraints, as unleash-client-node implements each
 * (docs/migrating-from-unleash.md lists them). A strategy this process does not know is off.
 */
export function strategyCheck(
  name: string,
  parameters: StrategyParameters,
  featureName: string,
  scope: BuiltinScope,
): Predicate {
  switch (name) {
    case 'default':
      return ALWAYS;
    case 'flexibleRollout':
      return flexibleRollout(parameters, featureName, scope);
    case 'gradualRolloutUserId':
      return gradualRollout(parameters, 'userId', scope.hash);
    case 'gradualRolloutSessionId':
      return gradualRollout(parameters, 'sessionId', scope.hash);
    case 'gradualRolloutRandom': {
      const percentage = Number(parameter(parameters, 'percentage'));
      return (_context) => percentage >= Math.floor(scope.random() * 100) + 1;
    }
    case 'userWithId': {
      const ids = new Set(list(parameter(parameters, 'userIds')));
      return (context) => ids.has(standardField(context, 'userId') ?? '');
    }
    case 'remoteAddress':
      return remoteAddress(parameters);
    case 'applicationHostname': {
      const hosts = new Set(list(parameter(parameters, 'hostNames')).map((host) => host.toLowerCase()));
      return (_context) => hosts.has(scope.hostname().toLowerCase());
    }
    default:
      return custom(scope.custom.get(name), parameters);
  }
}

/**
 * Rollout: the stickiness id (see `rolloutId`) is in when its normalised value (1..100) is at most
 * the percentage. Without a `groupId` parameter the group id depends on the SDK reproduced
 * (`rolloutGroupId`).
 */
function flexibleRollout(
  parameters: StrategyParameters,
  featureName: string,
  scope: BuiltinScope,
): Predicate {
  const percentage = Number(parameter(parameters, 'rollout'));
  if (!(percentage > 0)) return NEVER;
  const groupId = parameter(parameters, 'groupId');
  const groupOf = groupId ? () => groupId : rolloutGroupId(scope.hashing, featureName);
  const stickiness = parameter(parameters, 'stickiness') || 'default';
  return (context) => {
    const id = rolloutId(stickiness, context, scope.random);
    return (
      id !== undefined && normalizedValue(scope.hash, id, groupOf(context), 100, STRATEGY_SEED) <= percentage
    );
  };
}

/** The older rollouts on one fixed field; their group id defaults to `''`, as in unleash-client-node. */
function gradualRollout(
  parameters: StrategyParameters,
  field: 'userId' | 'sessionId',
  hash: HashFunction,
): Predicate {
  const percentage = Number(parameter(parameters, 'percentage'));
  if (!(percentage > 0)) return NEVER;
  const groupId = parameter(parameters, 'groupId');
  return (context) => {
    const id = standardField(context, field);
    return id !== undefined && normalizedValue(hash, id, groupId, 100, STRATEGY_SEED) <= percentage;
  };
}

/**
 * `IPs`: addresses and CIDR ranges, IPv4 and IPv6; entries that parse as neither are skipped. The
 * context's address is in when it is written exactly as an entry or lies inside one; an address in
 * CIDR notation (`192.168.1.0/24`) is a network, in when it fits inside an entry, as unleash-client
 * reads it.
 */
function remoteAddress(parameters: StrategyParameters): Predicate {
  const entries = list(parameter(parameters, 'IPs'));
  const exact = new Set(entries);
  const networks = parseNetworks(entries);
  return (context) => {
    const address = standardField(context, 'remoteAddress');
    if (address === undefined) return false;
    if (exact.has(address)) return true;
    if (networks === undefined) return false;
    const network = parseNetwork(address);
    return network !== undefined && networks.contains(network);
  };
}

function custom(implementation: CustomStrategy | undefined, parameters: StrategyParameters): Predicate {
  if (implementation === undefined) return NEVER;
  return (context) => {
    try {
      return implementation(parameters, context) === true;
    } catch {
      // The application's strategy failed: that strategy is off, evaluation goes on.
      return false;
    }
  };
}
