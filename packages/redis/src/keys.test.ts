import { describe, expect, it } from 'vitest';
import { KeySpace } from './keys.js';

/** Redis Cluster's hash tag rule: the part between the first `{` and the next `}`, if not empty. */
function hashTag(key: string): string {
  const open = key.indexOf('{');
  const close = key.indexOf('}', open + 1);
  return open >= 0 && close > open + 1 ? key.slice(open + 1, close) : key;
}

describe('keys of one prefix share a Cluster hash tag', () => {
  it.each(['rampkit:', 'shop:prod:', 'a'])('prefix %s: every multi-key script touches one slot', (prefix) => {
    const keys = new KeySpace(prefix);
    const all = [
      keys.config,
      keys.metricsIndex('f'),
      keys.metricsWindow('f', 0),
      keys.lease('l'),
      keys.leaseToken('l'),
      keys.document('d'),
      keys.documentIndex,
    ];
    expect(new Set(all.map(hashTag))).toEqual(new Set([prefix]));
  });

  it('a prefix that already has a tag keeps it', () => {
    const keys = new KeySpace('shop:{eu}:');
    expect(keys.config).toBe('shop:{eu}:config');
    expect(hashTag(keys.lease('x'))).toBe('eu');
  });

  it('names with separators or braces cannot collide with other keys or break the tag', () => {
    const keys = new KeySpace('rampkit:');
    expect(keys.metricsWindow('a:1', 2)).not.toBe(keys.metricsWindow('a', 1));
    expect(hashTag(keys.document('}{x}'))).toBe('rampkit:');
  });

  it("sticky keys spread by unit, and one unit's experiments share a slot", () => {
    const keys = new KeySpace('rampkit:');
    expect(hashTag(keys.sticky('u}1', 'a'))).toBe(hashTag(keys.sticky('u}1', 'b')));
    expect(hashTag(keys.sticky('u1', 'a'))).not.toBe(hashTag(keys.sticky('u2', 'a')));
    expect(keys.sticky('u1', 'a').startsWith('rampkit:sticky:')).toBe(true);
  });

  it('an empty prefix is refused', () => {
    expect(() => new KeySpace('')).toThrow(/prefix/);
  });
});
