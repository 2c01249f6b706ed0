import { describe, expect, it } from 'vitest';
import { parseAccessToken } from './access-token.js';
import { isLoopbackHost, isSameOrigin } from './origin.js';

describe('a state-changing request must come from the dashboard itself', () => {
  it('accepts its own origin, or its own referer when no Origin is sent', () => {
    expect(isSameOrigin({ host: '127.0.0.1:3100', origin: 'http://127.0.0.1:3100' })).toBe(true);
    expect(isSameOrigin({ host: '127.0.0.1:3100', referer: 'http://127.0.0.1:3100/rollouts/x' })).toBe(true);
  });

  it('refuses another origin, an opaque one, or none at all', () => {
    expect(isSameOrigin({ host: '127.0.0.1:3100', origin: 'http://evil.example' })).toBe(false);
    expect(isSameOrigin({ host: '127.0.0.1:3100', origin: 'http://127.0.0.1:3101' })).toBe(false);
    expect(isSameOrigin({ host: '127.0.0.1:3100', origin: 'null' })).toBe(false);
    expect(isSameOrigin({ host: '127.0.0.1:3100' })).toBe(false);
    expect(isSameOrigin({ origin: 'http://127.0.0.1:3100' })).toBe(false);
    expect(isSameOrigin({ host: '127.0.0.1:3100', origin: 'not a url' })).toBe(false);
  });

  it('a loopback dashboard answers loopback names only (DNS rebinding)', () => {
    expect(isLoopbackHost('127.0.0.1:3100')).toBe(true);
    expect(isLoopbackHost('localhost:3100')).toBe(true);
    expect(isLoopbackHost('[::1]:3100')).toBe(true);
    expect(isLoopbackHost('rebind.example:3100')).toBe(false);
    expect(isLoopbackHost(undefined)).toBe(false);
  });
});

describe('access tokens', () => {
  it('name the actor and keep the secret', () => {
    expect(parseAccessToken('alice:0123456789abcdef')).toEqual({ name: 'alice', secret: '0123456789abcdef' });
    expect(parseAccessToken('0123456789abcdefgh')).toEqual({
      name: 'dashboard',
      secret: '0123456789abcdefgh',
    });
  });

  it('refuse a short secret or an unprintable name, saying which', () => {
    expect(parseAccessToken('alice:short')).toMatch(/at least 16 characters, got 5/);
    expect(parseAccessToken('a<b>:0123456789abcdef')).toMatch(/token's name/);
  });
});
