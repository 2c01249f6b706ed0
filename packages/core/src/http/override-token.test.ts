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
    const token = signOverride('s3cret', { checkout: 'on' });
    fc.assert(
      fc.property(fc.nat(token.length - 1), fc.constantFrom(...'ABCxyz019-_.'), (at, char) => {
        fc.pre(token[at] !== char);
        const forged = token.slice(0, at) + char + token.slice(at + 1);
        // base64url's last character may carry unused bits: a change there can decode to the same bytes.
        const sameBytes =
          forged.slice(0, forged.lastIndexOf('.')) === token.slice(0, token.lastIndexOf('.')) &&
          Buffer.from(forged.slice(forged.lastIndexOf('.') + 1), 'base64url').equals(
            Buffer.from(token.slice(token.lastIndexOf('.') + 1), 'base64url'),
          );
        fc.pre(!sameBytes);
        expect(verifyOverride(forged, ['s3cret'], undefined, NOW).ok).toBe(false);
      }),
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
