/**
 * IP addresses and CIDR ranges, IPv4 and IPv6 alike, as 128-bit integers: an IPv4 address a.b.c.d
 * is its IPv4-mapped IPv6 form ::ffff:a.b.c.d (RFC 4291 §2.5.5.2). So `::ffff:10.1.2.3`, which a
 * dual-stack server reports for an IPv4 client, falls in `10.0.0.0/8`, and `10.1.2.3` in
 * `::ffff:10.0.0.0/104`.
 */
export interface CidrRange {
  readonly first: bigint;
  readonly last: bigint;
}

const MAPPED_PREFIX = 0xffff_0000_0000n;
const ALL_ONES = (1n << 128n) - 1n;
/** The longest IPv6 text (with an embedded IPv4 address) is 45 characters. */
const MAX_ADDRESS_LENGTH = 45;
/** Room for a zone index (`fe80::1%eth0`) on addresses a server reports. */
const MAX_INPUT_LENGTH = 64;
const OCTET = /^(?:0|[1-9][0-9]{0,2})$/;
const HEXTET = /^[0-9A-Fa-f]{1,4}$/;
const PREFIX = /^(?:0|[1-9][0-9]{0,2})$/;

/** A context's address: IPv4 or IPv6, with an optional zone index that is ignored. */
export function parseAddress(text: string): bigint | undefined {
  if (text.length > MAX_INPUT_LENGTH) return undefined;
  const zone = text.indexOf('%');
  return parseIp(zone === -1 ? text : text.slice(0, zone));
}

/** `10.0.0.0/8`, `2001:db8::/32`, or a bare address (a /32 or /128 range of one). Host bits are masked. */
export function parseCidr(text: string): CidrRange | undefined {
  const slash = text.indexOf('/');
  const addressText = slash === -1 ? text : text.slice(0, slash);
  const address = parseIp(addressText);
  if (address === undefined) return undefined;
  const isV4 = !addressText.includes(':');
  const width = isV4 ? 32 : 128;
  let prefix = width;
  if (slash !== -1) {
    const prefixText = text.slice(slash + 1);
    if (!PREFIX.test(prefixText)) return undefined;
    prefix = Number(prefixText);
    if (prefix > width) return undefined;
  }
  const hostBits = BigInt(width - prefix);
  const hostMask = (1n << hostBits) - 1n;
  const first = address & (ALL_ONES ^ hostMask);
  return { first, last: first | hostMask };
}

export function inRange(address: bigint, range: CidrRange): boolean {
  return address >= range.first && address <= range.last;
}

function parseIp(text: string): bigint | undefined {
  if (text.length === 0 || text.length > MAX_ADDRESS_LENGTH) return undefined;
  if (text.includes(':')) return parseIPv6(text);
  const v4 = parseIPv4(text);
  return v4 === undefined ? undefined : MAPPED_PREFIX | BigInt(v4);
}

/** Dotted-quad only; octets with leading zeros are refused, since some parsers read them as octal. */
function parseIPv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!OCTET.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

function parseIPv6(text: string): bigint | undefined {
  let body = text;
  const lastColon = text.lastIndexOf(':');
  const last = text.slice(lastColon + 1);
  if (last.includes('.')) {
    // A trailing embedded IPv4 address (::ffff:1.2.3.4) stands for the last two groups.
    const v4 = parseIPv4(last);
    if (v4 === undefined) return undefined;
    body = `${text.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = body.split('::');
  if (halves.length > 2) return undefined;
  const head = hextets(halves[0] ?? '');
  const tail = halves.length === 2 ? hextets(halves[1] ?? '') : [];
  if (head === undefined || tail === undefined) return undefined;
  const elided = 8 - head.length - tail.length;
  if (halves.length === 2 ? elided < 1 : elided !== 0) return undefined;

  let value = 0n;
  for (const group of head) value = (value << 16n) | BigInt(group);
  value <<= BigInt(16 * elided);
  for (const group of tail) value = (value << 16n) | BigInt(group);
  return value;
}

function hextets(text: string): number[] | undefined {
  if (text === '') return [];
  const result: number[] = [];
  for (const part of text.split(':')) {
    if (!HEXTET.test(part)) return undefined;
    result.push(Number.parseInt(part, 16));
  }
  return result;
}
