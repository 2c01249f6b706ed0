import { describe, expect, it } from 'vitest';
import { interned } from './interned.js';

describe('interned', () => {
  it.each([
    ['a flag key', 'new-checkout'],
    ['the empty string', ''],
    ['a name the object prototype has', '__proto__'],
    ['another one', 'constructor'],
    ['an array index', '123'],
    ['a number that is not an index', '-0'],
    ['characters past ASCII', 'ünïcødé 🚀'],
    ['a long string', 'x'.repeat(100_000)],
  ])('returns %s unchanged', (_, text) => {
    expect(interned(text)).toBe(text);
  });

  it('returns a string built at run time unchanged', () => {
    const built = ['pay', 'ments'].join('-');
    expect(interned(built)).toBe('pay-ments');
  });
});
