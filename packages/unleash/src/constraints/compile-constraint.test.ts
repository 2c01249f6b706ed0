import { describe, expect, it } from 'vitest';
import type { UnleashContext } from '../context.js';
import type { UnleashConstraint } from '../payload/types.js';
import { compileConstraint } from './compile-constraint.js';

const NOW = Date.parse('2024-06-01T12:00:00Z');

function holds(constraint: UnleashConstraint, context: UnleashContext): boolean {
  return compileConstraint(constraint, { now: () => NOW })(context);
}

function props(properties: NonNullable<UnleashContext['properties']>): UnleashContext {
  return { properties };
}

describe('context values: the field, else properties; null is absent; compared as strings', () => {
  it('prefers a top-level field over a property of the same name, and stringifies numbers', () => {
    const c = { contextName: 'tier', operator: 'IN', values: ['7'] };
    expect(holds(c, { tier: 7, properties: { tier: 'gold' } })).toBe(true);
    expect(holds(c, { tier: null, properties: { tier: '7' } })).toBe(true);
  });

  it('never reads the prototype: __proto__ and constructor are absent fields', () => {
    const c = { contextName: 'constructor', operator: 'NOT_IN', values: ['x'] };
    expect(holds(c, {})).toBe(true);
    expect(holds({ contextName: 'toString', operator: 'STR_CONTAINS', values: ['function'] }, {})).toBe(
      false,
    );
  });
});

describe('IN / NOT_IN', () => {
  it('trims operands and drops empty ones; a missing value is in no list', () => {
    const c = { contextName: 'env', operator: 'IN', values: [' prod ', ''] };
    expect(holds(c, { env: 'prod' })).toBe(true);
    expect(holds(c, { env: '' })).toBe(false);
    expect(holds({ ...c, operator: 'NOT_IN' }, {})).toBe(true);
  });

  it('folds case when caseInsensitive, as the server and Yggdrasil do', () => {
    const c = { contextName: 'env', operator: 'IN', values: ['Prod'], caseInsensitive: true };
    expect(holds(c, { env: 'PROD' })).toBe(true);
    expect(holds({ ...c, caseInsensitive: false }, { env: 'PROD' })).toBe(false);
  });
});

describe('NUM_*: Number() on both sides, false when either is not a number', () => {
  it('compares "12.0" equal to 12 and rejects blanks (Yggdrasil), unlike Number("") === 0', () => {
    const c = { contextName: 'n', operator: 'NUM_EQ', value: '12' };
    expect(holds(c, props({ n: '12.0' }))).toBe(true);
    expect(holds({ ...c, value: '0' }, props({ n: '' }))).toBe(false);
    expect(holds({ ...c, value: '0' }, props({ n: '  ' }))).toBe(false);
  });

  it('an operand that is not a number makes the operator false, which inverted flips', () => {
    const c = { contextName: 'n', operator: 'NUM_LT', value: 'ten' };
    expect(holds(c, props({ n: '1' }))).toBe(false);
    expect(holds({ ...c, inverted: true }, props({ n: '1' }))).toBe(true);
  });
});

describe('DATE_AFTER / DATE_BEFORE compare currentTime, now when absent', () => {
  it('uses the clock when the context has no currentTime', () => {
    expect(
      holds({ contextName: 'currentTime', operator: 'DATE_AFTER', value: '2024-01-01T00:00:00Z' }, {}),
    ).toBe(true);
    expect(
      holds({ contextName: 'currentTime', operator: 'DATE_BEFORE', value: '2024-01-01T00:00:00Z' }, {}),
    ).toBe(false);
  });

  it('accepts Date objects and honours offsets', () => {
    const c = { contextName: 'currentTime', operator: 'DATE_AFTER', value: '2022-01-22T13:00:00.000+02:00' };
    expect(holds(c, { currentTime: new Date('2022-01-22T11:30:00Z') })).toBe(true);
    expect(holds(c, { currentTime: '2022-01-22T10:30:00Z' })).toBe(false);
  });
});

describe('SEMVER_*: strict semantic versions only', () => {
  const gte = { contextName: 'version', operator: 'SEMVER_GTE', value: '1.2.2' };

  it('orders pre-releases below their release', () => {
    const lt = { contextName: 'version', operator: 'SEMVER_LT', value: '2.0.0' };
    expect(holds(lt, props({ version: '2.0.0-rc.1' }))).toBe(true);
    expect(holds(gte, props({ version: '1.2.2' }))).toBe(true);
    expect(holds({ ...gte, operator: 'SEMVER_LTE' }, props({ version: '1.2.3' }))).toBe(false);
  });

  it('refuses what node-semver would tolerate: a leading v or =, blanks, missing numbers', () => {
    for (const version of ['v1.2.3', '=1.2.3', ' 1.2.3', '1.2.3 ', '1.2', 'not a version']) {
      expect(holds(gte, props({ version })), version).toBe(false);
    }
    expect(holds({ ...gte, value: 'v1.0.0' }, props({ version: '1.2.3' }))).toBe(false);
  });
});

describe('operators Unleash cannot evaluate never switch a feature on', () => {
  it('an unknown operator is false, inverted or not', () => {
    const c = { contextName: 'x', operator: 'NOT_A_VALID_OPERATOR', value: '1' };
    expect(holds(c, props({ x: '1' }))).toBe(false);
    expect(holds({ ...c, inverted: true }, props({ x: '1' }))).toBe(false);
  });

  it('a REGEX that RE2 refuses (lookaround, backreference, syntax error) is false, inverted or not', () => {
    for (const value of ['^(?=a)b$', '^(a)\\1$', '(regex', '(?<=a)b']) {
      const c = { contextName: 'userId', operator: 'REGEX', value };
      expect(holds(c, { userId: 'ab' }), value).toBe(false);
      expect(holds({ ...c, inverted: true }, { userId: 'ab' }), value).toBe(false);
    }
  });
});

describe('IN_CIDR', () => {
  const c = {
    contextName: 'remoteAddress',
    operator: 'IN_CIDR',
    values: ['10.0.0.0/8', 'nonsense', '2001:db8::/32'],
  };

  it('matches IPv4 and IPv6 networks and skips entries that do not parse', () => {
    expect(holds(c, { remoteAddress: '10.20.30.40' })).toBe(true);
    expect(holds(c, { remoteAddress: '2001:db8:ffff::1' })).toBe(true);
    expect(holds(c, { remoteAddress: '11.0.0.1' })).toBe(false);
    expect(holds(c, { remoteAddress: 'not an address' })).toBe(false);
  });

  it('reads a context value in CIDR notation as a network, as unleash-client does', () => {
    const networks = {
      contextName: 'remoteAddress',
      operator: 'IN_CIDR',
      values: ['192.168.0.0/16', '10.1.2.3', '2001:db8::/32'],
    };
    const inside = (remoteAddress: string) => holds(networks, { remoteAddress });
    // In when the whole network lies inside an entry, host bits or not…
    expect(inside('192.168.1.0/24')).toBe(true);
    expect(inside('192.168.1.77/24')).toBe(true);
    expect(inside('192.168.0.0/16')).toBe(true);
    expect(inside('10.1.2.3/32')).toBe(true);
    expect(inside('2001:db8:1::/48')).toBe(true);
    // …or when its address is an entry's address, whatever the two prefixes.
    expect(inside('10.1.2.3/8')).toBe(true);
    expect(inside('192.168.0.0/8')).toBe(true);
    expect(inside('2001:db8::/16')).toBe(true);
    // Out when it is wider than every entry holding its address, or elsewhere.
    expect(inside('192.0.0.0/8')).toBe(false);
    expect(inside('10.1.2.4/31')).toBe(false);
    expect(inside('2001:db9::/16')).toBe(false);
    // Not a network: a prefix too long, empty or repeated, or an IPv4-mapped one for IPv4 entries.
    for (const odd of ['192.168.1.0/33', '192.168.1.0/', '192.168.1.0/24/24', '::ffff:192.168.1.0/120']) {
      expect(inside(odd), odd).toBe(false);
    }
  });

  it('refuses prefixes longer than the address and entries with zone ids', () => {
    const bad = {
      contextName: 'ip',
      operator: 'IN_CIDR',
      values: ['10.0.0.0/33', 'fe80::1%eth0', '1.2.3.4/08'],
    };
    expect(holds(bad, props({ ip: '10.0.0.1' }))).toBe(false);
    expect(holds({ ...bad, inverted: true }, props({ ip: '10.0.0.1' }))).toBe(true);
  });
});
