import { describe, expect, it } from 'vitest';
import { inRange, parseAddress, parseCidr } from './cidr.js';

function contains(range: string, address: string): boolean {
  const parsedRange = parseCidr(range);
  const parsedAddress = parseAddress(address);
  if (parsedRange === undefined || parsedAddress === undefined)
    throw new Error('test setup: unparsable input');
  return inRange(parsedAddress, parsedRange);
}

describe('addresses parse as IPv4 and IPv6 text forms', () => {
  it.each([
    '0.0.0.0',
    '255.255.255.255',
    '192.168.1.7',
    '::',
    '::1',
    '1::',
    '2001:db8::1',
    '2001:DB8:0:0:0:0:0:1',
    '2001:db8:0:0:0:0:0:1',
    '1:2:3:4:5:6:7:8',
    '1::8',
    '1:2:3:4:5:6:7::',
    '::2:3:4:5:6:7:8',
    '::ffff:10.1.2.3',
    '::10.1.2.3',
    '64:ff9b::192.0.2.33',
    '1:2:3:4:5:6:1.2.3.4',
    'fe80::1%eth0',
  ])('%s', (text) => {
    expect(parseAddress(text)).toBeDefined();
  });

  it('reads the same IPv6 address the same way in every spelling', () => {
    expect(parseAddress('2001:db8::1')).toBe(parseAddress('2001:0DB8:0000:0000:0000:0000:0000:0001'));
    expect(parseAddress('::ffff:10.1.2.3')).toBe(parseAddress('::ffff:a01:203'));
    expect(parseAddress('::ffff:10.1.2.3')).toBe(parseAddress('10.1.2.3'));
  });

  it.each([
    '',
    '1.2.3',
    '1.2.3.4.5',
    '256.1.1.1',
    '01.2.3.4',
    '1.2.3.-4',
    '1.2.3.4/8',
    ' 1.2.3.4',
    'localhost',
    ':',
    ':::',
    '1:2:3:4:5:6:7:8:9',
    '1::2::3',
    '12345::',
    'g::1',
    ':1:2:3:4:5:6:7',
    '1:2:3:4:5:6:7:',
    '1:2:3:4:5:6:7:8::',
    '::1.2.3.4:5',
    '::ffff:256.1.1.1',
    '1.2.3.4::',
    'a'.repeat(10_000),
  ])('%j is not an address', (text) => {
    expect(parseAddress(text)).toBeUndefined();
  });
});

describe('CIDR ranges cover their addresses', () => {
  it('matches IPv4 ranges at their edges', () => {
    expect(contains('10.0.0.0/8', '10.0.0.0')).toBe(true);
    expect(contains('10.0.0.0/8', '10.255.255.255')).toBe(true);
    expect(contains('10.0.0.0/8', '11.0.0.0')).toBe(false);
    expect(contains('10.0.0.0/8', '9.255.255.255')).toBe(false);
    expect(contains('192.168.1.0/24', '192.168.1.77')).toBe(true);
    expect(contains('0.0.0.0/0', '203.0.113.9')).toBe(true);
  });

  it('reads a bare address as a range of one (/32 or /128)', () => {
    expect(contains('192.168.1.7', '192.168.1.7')).toBe(true);
    expect(contains('192.168.1.7', '192.168.1.8')).toBe(false);
    expect(contains('2001:db8::7', '2001:db8::7')).toBe(true);
    expect(contains('2001:db8::7', '2001:db8::8')).toBe(false);
  });

  it('matches IPv6 ranges', () => {
    expect(contains('2001:db8::/32', '2001:db8:ffff::1')).toBe(true);
    expect(contains('2001:db8::/32', '2001:db9::1')).toBe(false);
    expect(contains('::/0', '2001:db8::1')).toBe(true);
    expect(contains('fe80::/10', 'fe80::1%eth0')).toBe(true);
  });

  it('places IPv4-mapped IPv6 addresses in IPv4 ranges and back', () => {
    expect(contains('10.0.0.0/8', '::ffff:10.1.2.3')).toBe(true);
    expect(contains('10.0.0.0/8', '::ffff:a01:203')).toBe(true);
    expect(contains('10.0.0.0/8', '::ffff:11.1.2.3')).toBe(false);
    expect(contains('::ffff:10.0.0.0/104', '10.9.9.9')).toBe(true);
    expect(contains('::ffff:0:0/96', '198.51.100.1')).toBe(true);
  });

  it('keeps IPv4 ranges apart from IPv6 addresses outside the mapped block', () => {
    expect(contains('0.0.0.0/0', '2001:db8::1')).toBe(false);
    expect(contains('0.0.0.0/0', '::1')).toBe(false);
    expect(contains('10.0.0.0/8', '::10.1.2.3')).toBe(false);
  });

  it('masks host bits given in the range', () => {
    expect(contains('10.1.2.3/8', '10.200.0.1')).toBe(true);
  });

  it.each([
    '10.0.0.0/33',
    '2001:db8::/129',
    '10.0.0.0/',
    '10.0.0.0/08',
    '10.0.0.0/-1',
    '10.0.0.0/8/8',
    '/8',
    'fe80::1%eth0/64',
  ])('%j is not a range', (text) => {
    expect(parseCidr(text)).toBeUndefined();
  });
});
