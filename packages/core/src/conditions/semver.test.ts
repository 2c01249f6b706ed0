import { describe, expect, it } from 'vitest';
import { canonicalSemver, compareSemver, parseSemver, type Semver } from './semver.js';

function parsed(text: string): Semver {
  const version = parseSemver(text);
  if (version === undefined) throw new Error(`test setup: ${text} should parse`);
  return version;
}

describe('semver parsing follows semver 2.0.0 with a leading v and short forms accepted', () => {
  it.each([
    ['1.2.3', '1.2.3'],
    ['v1.2.3', '1.2.3'],
    ['0.0.0', '0.0.0'],
    ['1.0.0-alpha', '1.0.0-alpha'],
    ['1.0.0-alpha.1', '1.0.0-alpha.1'],
    ['1.0.0-0.3.7', '1.0.0-0.3.7'],
    ['1.0.0-x.7.z.92', '1.0.0-x.7.z.92'],
    ['1.0.0-x-y-z.--', '1.0.0-x-y-z.--'],
    ['1.0.0+20130313144700', '1.0.0'],
    ['1.0.0-beta+exp.sha.5114f85', '1.0.0-beta'],
    ['1.0.0+21AF26D3----117B344092BD', '1.0.0'],
    ['2', '2.0.0'],
    ['2.1', '2.1.0'],
    ['v2.1-rc.1', '2.1.0-rc.1'],
    ['99999999999999999999.0.0', '99999999999999999999.0.0'],
  ])('%s reads as %s', (text, canonical) => {
    expect(canonicalSemver(parsed(text))).toBe(canonical);
  });

  it.each([
    '',
    'v',
    'V1.2.3',
    '1.2.3.4',
    '01.2.3',
    '1.02.3',
    '1.2.03',
    '1.2.3-01',
    '1.2.3-',
    '1.2.3-alpha..1',
    '1.2.3+',
    '1.2.3+build..1',
    '1.2.3-al_pha',
    '1..3',
    '-1.2.3',
    ' 1.2.3',
    '1.2.3 ',
    'latest',
    `1.2.3-${'a'.repeat(300)}`,
  ])('%j is not a version', (text) => {
    expect(parseSemver(text)).toBeUndefined();
  });
});

describe('semver precedence follows spec section 11', () => {
  it('orders the example chain of the spec', () => {
    const chain = [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
      '1.0.1',
      '1.1.0',
      '2.0.0',
      '10.0.0',
    ].map(parsed);
    for (let i = 0; i < chain.length - 1; i++) {
      const [lower, higher] = [chain[i]!, chain[i + 1]!];
      expect(compareSemver(lower, higher)).toBeLessThan(0);
      expect(compareSemver(higher, lower)).toBeGreaterThan(0);
    }
  });

  it('compares numbers of any size numerically, not as text', () => {
    expect(compareSemver(parsed('9.0.0'), parsed('10.0.0'))).toBeLessThan(0);
    expect(compareSemver(parsed('1.0.0-rc.9'), parsed('1.0.0-rc.10'))).toBeLessThan(0);
    expect(
      compareSemver(parsed('123456789012345678901.0.0'), parsed('123456789012345678902.0.0')),
    ).toBeLessThan(0);
  });

  it('ranks numeric identifiers below alphanumeric ones', () => {
    expect(compareSemver(parsed('1.0.0-999'), parsed('1.0.0-a'))).toBeLessThan(0);
  });

  it('ignores build metadata', () => {
    expect(compareSemver(parsed('1.0.0+a'), parsed('1.0.0+b'))).toBe(0);
    expect(compareSemver(parsed('v1.0'), parsed('1.0.0'))).toBe(0);
  });
});
