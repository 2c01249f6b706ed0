import { resolveContextValue } from '../context.js';
import type { UnleashConstraint } from '../payload/types.js';
import { parseNetworks } from './ip-networks.js';
import { NEVER, type Predicate } from './predicate.js';

/**
 * IN_CIDR: the context value is an IPv4 or IPv6 address inside any of the listed networks. Entries
 * that are not networks or addresses are ignored; with none left the constraint never holds.
 */
export function inCidr(constraint: UnleashConstraint): Predicate {
  const networks = parseNetworks(constraint.values ?? []);
  if (networks === undefined) return NEVER;
  const name = constraint.contextName;
  return (context) => {
    const value = resolveContextValue(context, name);
    return value !== undefined && networks.contains(value);
  };
}
