import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCookie, serializeIdCookie } from './cookies.js';

describe('reading one cookie from a Cookie header', () => {
  it('finds a cookie among others, trimming spaces and quotes', () => {
    const header = 'theme=dark; rampkit_id=abc-123 ;other="x"; q="quoted-value"';
    expect(readCookie(header, 'rampkit_id')).toBe('abc-123');
    expect(readCookie(header, 'q')).toBe('quoted-value');
    expect(readCookie(header, 'theme')).toBe('dark');
  });

  it('does not match a cookie whose name merely ends or starts with the name', () => {
    expect(readCookie('xrampkit_id=1; rampkit_idx=2', 'rampkit_id')).toBeUndefined();
  });

  it('is undefined for an absent header, an empty one, or a pair without "="', () => {
    expect(readCookie(undefined, 'a')).toBeUndefined();
    expect(readCookie('', 'a')).toBeUndefined();
    expect(readCookie('a; b=1', 'a')).toBeUndefined();
  });

  it('reads back every value it is given, wherever the cookie sits', () => {
    const token = fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/);
    fc.assert(
      fc.property(fc.array(fc.tuple(token, token), { maxLength: 5 }), token, (others, value) => {
        const pairs = others.filter(([name]) => name !== 'rk').map(([n, v]) => `${n}=${v}`);
        pairs.splice(others.length % (pairs.length + 1), 0, `rk=${value}`);
        expect(readCookie(pairs.join('; '), 'rk')).toBe(value);
      }),
    );
  });
});

describe('the anonymous-id Set-Cookie value', () => {
  it('is HttpOnly and SameSite=Lax, with the configured lifetime, path and domain', () => {
    const cookie = serializeIdCookie('rid', 'abc', {
      maxAge: 60,
      path: '/',
      domain: 'example.com',
      secure: false,
    });
    expect(cookie).toBe('rid=abc; Max-Age=60; Path=/; Domain=example.com; HttpOnly; SameSite=Lax');
  });

  it('is Secure only when the request was secure', () => {
    const attributes = { maxAge: 60, path: '/app', domain: undefined };
    expect(serializeIdCookie('rid', 'abc', { ...attributes, secure: true })).toBe(
      'rid=abc; Max-Age=60; Path=/app; HttpOnly; SameSite=Lax; Secure',
    );
    expect(serializeIdCookie('rid', 'abc', { ...attributes, secure: false })).not.toContain('Secure');
  });
});
