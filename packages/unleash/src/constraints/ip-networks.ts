import { BlockList, isIP } from 'node:net';

/** An address, or a network in CIDR notation: the address it is written with and its prefix length. */
export interface IpNetwork {
  readonly type: 'ipv4' | 'ipv6';
  readonly address: string;
  /** 32 (IPv4) or 128 (IPv6) for a single address. */
  readonly prefix: number;
}

/** A set of IPv4 and IPv6 networks (node's BlockList does the prefix arithmetic). */
export interface IpNetworks {
  /**
   * Whether every address of `network` is in one of the networks. A single address is in when any
   * network holds it (an IPv4-mapped IPv6 address counts as its IPv4 address); a wider network when
   * it fits inside one of its own family: a prefix at least as long, and its address inside.
   */
  contains(network: IpNetwork): boolean;
  /** Whether `network` is written with the address of a network of its family, whatever the two prefixes. */
  startsAtEntry(network: IpNetwork): boolean;
}

const PREFIX = /^(?:0|[1-9][0-9]{0,2})$/;

/**
 * Reads `10.0.0.0/8`, `2001:db8::/32` or a bare address (a network of one). Undefined for anything
 * else, such as a prefix longer than the address, one with a leading zero, or a zone id (`%eth0`).
 */
export function parseNetwork(text: string): IpNetwork | undefined {
  const slash = text.indexOf('/');
  const address = slash === -1 ? text : text.slice(0, slash);
  const family = isIP(address);
  if (family === 0 || address.includes('%')) return undefined;
  const bits = family === 4 ? 32 : 128;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (slash === -1) return { type, address, prefix: bits };
  const prefix = text.slice(slash + 1);
  if (!PREFIX.test(prefix) || Number(prefix) > bits) return undefined;
  return { type, address, prefix: Number(prefix) };
}

interface Entry {
  readonly network: IpNetwork;
  /** The entry's network. */
  readonly range: BlockList;
  /** The address the entry is written with. */
  readonly start: BlockList;
}

/**
 * The networks of a list of entries (see `parseNetwork`; surrounding blanks are ignored). Entries
 * that do not parse are dropped, as Unleash drops them; undefined when none is left.
 */
export function parseNetworks(entries: readonly string[]): IpNetworks | undefined {
  const all = new BlockList();
  const parsed: Entry[] = [];
  for (const raw of entries) {
    const network = parseNetwork(raw.trim());
    if (network === undefined) continue;
    const range = new BlockList();
    const start = new BlockList();
    try {
      addNetwork(range, network);
      addNetwork(all, network);
      start.addAddress(network.address, network.type);
    } catch {
      continue;
    }
    parsed.push({ network, range, start });
  }
  if (parsed.length === 0) return undefined;
  return {
    contains(network) {
      if (network.prefix === (network.type === 'ipv4' ? 32 : 128)) return holds(all, network);
      return parsed.some(
        (entry) =>
          entry.network.type === network.type &&
          network.prefix >= entry.network.prefix &&
          holds(entry.range, network),
      );
    },
    startsAtEntry(network) {
      return parsed.some((entry) => entry.network.type === network.type && holds(entry.start, network));
    },
  };
}

function addNetwork(list: BlockList, network: IpNetwork): void {
  if (network.prefix === (network.type === 'ipv4' ? 32 : 128)) list.addAddress(network.address, network.type);
  else list.addSubnet(network.address, network.prefix, network.type);
}

function holds(list: BlockList, network: IpNetwork): boolean {
  try {
    return list.check(network.address, network.type);
  } catch {
    return false;
  }
}
