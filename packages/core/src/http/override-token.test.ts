import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signOverride, verifyOverride } from './override-token.js';

const NOW = Date.UTC(2025, 0, 1);

describe('signed override tokens', () => {
  it('verify under the secret that signed them and carry the forced variations', () => {
    const token = signOverride('s3cret', { checkout: 'on', 'payments-v2': 'canary' });
    const check = verifyOverride(token, ['s3cret'], 'u1', NOW);
    expect(check).toEqual({
      ok: true,
      flags: new Map([
        ['checkout', 'on'],
        ['payments-v2', 'canary'],
      ]),
    });
  });

  it('verify under any of several secrets (rotation)', () => {
    const token = signOverride('old', { checkout: 'on' });
    expect(verifyOverride(token, ['new', 'old'], undefined, NOW).ok).toBe(true);
  });

  it('are refused under another secret', () => {
    const token = signOverride('s3cret', { checkout: 'on' });
    expect(verifyOverride(token, ['other'], undefined, NOW)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('are refused when any character is changed (a forged payload or signature)', () => {
    const token = signOverride('s3cret', { checkout: 'on' }, { now: () => NOW });
    fc.assert(
      fc.property(fc.nat(token.length - 1), fc.constantFrom(...'ABCxyz019-_.!='), (at, char) => {
        fc.pre(token[at] !== char);
        const forged = token.slice(0, at) + char + token.slice(at + 1);
        expect(verifyOverride(forged, ['s3cret'], undefined, NOW).ok).toBe(false);
      }),
    );
  });
});

describe('a signed override token has one spelling (a revocation list keyed on the token holds)', () => {
  const token = signOverride('s3cret', { checkout: 'on' }, { now: () => NOW });
  const dot = token.lastIndexOf('.');
  const signature = token.slice(dot + 1);

  it('is refused with characters appended that a lenient base64url decoder would skip', () => {
    expect(verifyOverride(token, ['s3cret'], undefined, NOW).ok).toBe(true);
    for (const suffix of ['!!', '=', '==', ' ', '\t', '.', '*', '%3D']) {
      expect(verifyOverride(token + suffix, ['s3cret'], undefined, NOW)).toEqual({
        ok: false,
        reason: 'bad-signature',
      });
    }
  });

  it('is refused with characters inserted into the signature that decode to the same bytes', () => {
    const spaced = `${token.slice(0, dot + 1)}${signature.slice(0, 10)}!${signature.slice(10)}`;
    expect(verifyOverride(spaced, ['s3cret'], undefined, NOW).ok).toBe(false);
  });

  it("is refused when the signature's last character sets bits that the bytes do not use", () => {
    // 32 bytes are 43 base64url characters whose last carries two unused bits: four spellings of
    // the same bytes, of which only the one with both bits clear is the encoding.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(signature.at(-1)!);
    expect(last & 3).toBe(0);
    for (const bits of [1, 2, 3]) {
      const respelled = token.slice(0, -1) + alphabet[last | bits];
      expect(Buffer.from(respelled.slice(dot + 1), 'base64url')).toEqual(Buffer.from(signature, 'base64url'));
      expect(verifyOverride(respelled, ['s3cret'], undefined, NOW)).toEqual({
        ok: false,
        reason: 'bad-signature',
      });
    }
  });

  it('is refused in standard base64 (+ and /) or padded', () => {
    const standard = Buffer.from(signature, 'base64url').toString('base64');
    expect(verifyOverride(token.slice(0, dot + 1) + standard, ['s3cret'], undefined, NOW).ok).toBe(false);
  });
});

describe('signed override tokens expire', () => {
  it('after one day by default', () => {
    const token = signOverride('s3cret', { checkout: 'on' }, { now: () => NOW });
    expect(verifyOverride(token, ['s3cret'], undefined, NOW + 86_399_000).ok).toBe(true);
    expect(verifyOverride(token, ['s3cret'], undefined, NOW + 86_400_000)).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('after the lifetime given instead', () => {
    const week = 7 * 86_400;
    const token = signOverride('s3cret', { checkout: 'on' }, { expiresInSeconds: week, now: () => NOW });
    expect(verifyOverride(token, ['s3cret'], undefined, NOW + week * 1000 - 1000).ok).toBe(true);
    expect(verifyOverride(token, ['s3cret'], undefined, NOW + week * 1000).ok).toBe(false);
  });

  it('and a lifetime that is not a positive number of seconds is refused when signing', () => {
    for (const expiresInSeconds of [0, -60, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => signOverride('s3cret', { checkout: 'on' }, { expiresInSeconds })).toThrow(
        /signOverride: options\.expiresInSeconds must be a positive, finite number of seconds/,
      );
    }
  });
});

describe('signing an override token', () => {
  it('refuses an empty secret, which no middleware would verify', () => {
    expect(() => signOverride('', { checkout: 'on' })).toThrow(
      /signOverride: secret must be a non-empty string/,
    );
  });

  it('are refused once expired', () => {
    const token = signOverride('s3cret', { checkout: 'on' }, { expiresInSeconds: 60, now: () => NOW });
    expect(verifyOverride(token, ['s3cret'], undefined, NOW + 59_000).ok).toBe(true);
    expect(verifyOverride(token, ['s3cret'], undefined, NOW + 60_000)).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('bound to a unit are refused for any other unit', () => {
    const token = signOverride('s3cret', { checkout: 'on' }, { unit: 'qa-1' });
    expect(verifyOverride(token, ['s3cret'], 'qa-1', NOW).ok).toBe(true);
    expect(verifyOverride(token, ['s3cret'], 'qa-2', NOW)).toEqual({ ok: false, reason: 'wrong-unit' });
    expect(verifyOverride(token, ['s3cret'], undefined, NOW)).toEqual({ ok: false, reason: 'wrong-unit' });
  });

  it('that are not tokens at all are malformed, never a throw', () => {
    for (const junk of ['', 'rk1.', 'rk1..', 'rk1.abc', 'checkout=on', 'rk1.!!!.###']) {
      expect(verifyOverride(junk, ['s3cret'], undefined, NOW).ok).toBe(false);
    }
  });

  it('with a validly signed payload of the wrong shape are malformed', () => {
    const body = Buffer.from(JSON.stringify({ flags: { checkout: true } })).toString('base64url');
    const signature = createHmac('sha256', 's3cret').update(body).digest('base64url');
    const check = verifyOverride(`rk1.${body}.${signature}`, ['s3cret'], undefined, NOW);
    expect(check).toEqual({ ok: false, reason: 'malformed' });
  });
});
