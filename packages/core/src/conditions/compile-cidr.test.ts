import { describe, expect, it } from 'vitest';
import type { Condition, EvaluationContext } from '../model/types.js';
import { compileCondition } from './compile.js';

const holds = (condition: Condition, context: EvaluationContext): boolean =>
  compileCondition(condition)(context);
const office: Condition = {
  attribute: 'ip',
  op: 'cidr',
  values: ['10.0.0.0/8', '192.168.1.7', '2001:db8::/32'],
};

describe('cidr: the address is in one of the ranges', () => {
  it('holds for IPv4 and IPv6 addresses in a range and not outside', () => {
    expect(holds(office, { ip: '10.20.30.40' })).toBe(true);
    expect(holds(office, { ip: '2001:db8:1::5' })).toBe(true);
    expect(holds(office, { ip: '11.0.0.1' })).toBe(false);
    expect(holds(office, { ip: '2001:db9::1' })).toBe(false);
  });

  it('reads a bare address as a range of one', () => {
    expect(holds(office, { ip: '192.168.1.7' })).toBe(true);
    expect(holds(office, { ip: '192.168.1.8' })).toBe(false);
  });

  it('matches IPv4-mapped IPv6 addresses against IPv4 ranges', () => {
    expect(holds(office, { ip: '::ffff:10.1.2.3' })).toBe(true);
    expect(holds(office, { ip: '::ffff:192.168.1.7' })).toBe(true);
    expect(holds(office, { ip: '::FFFF:11.1.2.3' })).toBe(false);
  });

  it('inverts with negate', () => {
    expect(holds({ ...office, negate: true }, { ip: '10.0.0.1' })).toBe(false);
    expect(holds({ ...office, negate: true }, { ip: '8.8.8.8' })).toBe(true);
  });

  it('is false for an invalid address and true when negated', () => {
    for (const ip of ['10.0.0', '10.0.0.256', 'localhost', '', '10.0.0.1/8', ':::1', 'x'.repeat(100_000)]) {
      expect(holds(office, { ip })).toBe(false);
      expect(holds({ ...office, negate: true }, { ip })).toBe(true);
    }
    expect(holds(office, { ip: 167772161 })).toBe(false);
  });

  it('is false for a missing attribute and true when negated', () => {
    expect(holds(office, {})).toBe(false);
    expect(holds({ ...office, negate: true }, {})).toBe(true);
  });

  it('holds for a list attribute (a forwarded-for chain) when any address is in range', () => {
    expect(holds(office, { ip: ['8.8.8.8', '10.1.1.1'] })).toBe(true);
    expect(holds(office, { ip: ['8.8.8.8', 'junk'] })).toBe(false);
  });
});
