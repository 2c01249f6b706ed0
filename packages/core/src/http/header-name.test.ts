import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { headerName } from './header-name.js';

describe('names in the variations header', () => {
  it('are kept as they are when they are printable ASCII without space, %, "," or "="', () => {
    for (const name of ['on', 'canary', 'v2', 'new-checkout', 'a_b.c~d', '1:2', 'x+y', '(beta)']) {
      expect(headerName(name)).toBe(name);
    }
  });

  it('are percent-encoded as UTF-8 otherwise', () => {
    expect(headerName('✓ new')).toBe('%E2%9C%93%20new');
    expect(headerName('ratio=1,2')).toBe('ratio%3D1%2C2');
    expect(headerName('50%')).toBe('50%25');
    expect(headerName('café')).toBe('caf%C3%A9');
    expect(headerName('tab\there')).toBe('tab%09here');
    expect(headerName('🚀')).toBe('%F0%9F%9A%80');
  });

  it('come back with decodeURIComponent, and hold only characters a header value may', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (name) => {
        const written = headerName(name);
        expect(written).toMatch(/^[!-~]*$/);
        expect(written).not.toMatch(/[,=]/);
        expect(decodeURIComponent(written)).toBe(name);
      }),
    );
  });

  it('never throw, a lone surrogate included', () => {
    expect(headerName('a\ud800b')).toBe('a%EF%BF%BDb');
  });
});
