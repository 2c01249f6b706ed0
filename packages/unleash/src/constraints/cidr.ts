import { resolveContextValue } from '../context.js';
import type { UnleashConstraint } from '../payload/types.js';
import { parseNetwork, parseNetworks } from './ip-networks.js';
import { NEVER, type Predicate } from './predicate.js';

/**
 * IN_CIDR: the context value, an IPv4 or IPv6 address, is inside any of the listed networks.
 * Entries that are not networks or addresses are ignored; with none left the constraint never holds.
 * A value in CIDR notation (`192.168.1.0/24`) is a network, read as unleash-client reads it: in
 * when it fits inside an entry, or when it is written with an entry's address (`10.1.2.3/8` and the
 * entry `10.1.2.3`), whatever the two prefixes.
 */
export function inCidr(constraint: UnleashConstraint): Predicate {
  const networks = parseNetworks(constraint.values ?? []);
  if (networks === undefined) return NEVER;
  const name = constraint.contextName;
  return (context) => {
    const value = resolveContextValue(context, name);
    const network = value === undefined ? undefined : parseNetwork(value);
    return network !== undefined && (networks.contains(network) || networks.startsAtEntry(network));
  };
}
