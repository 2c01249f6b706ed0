import { BlockList, isIP } from 'node:net';

/** A set of IPv4 and IPv6 networks (node's BlockList does the prefix arithmetic). */
export interface IpNetworks {
  contains(address: string): boolean;
}

const PREFIX = /^(?:0|[1-9][0-9]{0,2})$/;

/**
 * Parses `10.0.0.0/8`, `2001:db8::/32` or a bare address (a network of one). Entries that do not
 * parse are dropped, as Unleash drops them; undefined when none is left.
 */
export function parseNetworks(entries: readonly string[]): IpNetworks | undefined {
  const list = new BlockList();
  let count = 0;
  for (const raw of entries) {
    if (addEntry(list, raw.trim())) count++;
  }
  if (count === 0) return undefined;
  return {
    contains(address) {
      const family = isIP(address);
      if (family === 0) return false;
      try {
        return list.check(address, family === 4 ? 'ipv4' : 'ipv6');
      } catch {
        return false;
      }
    },
  };
}

function addEntry(list: BlockList, entry: string): boolean {
  const slash = entry.indexOf('/');
  const address = slash === -1 ? entry : entry.slice(0, slash);
  const family = isIP(address);
  if (family === 0 || address.includes('%')) return false;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  try {
    if (slash === -1) {
      list.addAddress(address, type);
      return true;
    }
    const prefix = entry.slice(slash + 1);
    if (!PREFIX.test(prefix) || Number(prefix) > (family === 4 ? 32 : 128)) return false;
    list.addSubnet(address, Number(prefix), type);
    return true;
  } catch {
    return false;
  }
}
