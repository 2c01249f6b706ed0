import { describe, expect, it } from 'vitest';
import {
  NOTIFICATION_SIGNATURE_HEADER,
  NOTIFICATION_TIMESTAMP_HEADER,
  signatureHeaders,
  verifyNotificationSignature,
} from './signing.js';

const NOW = Date.UTC(2026, 0, 15, 10, 0, 0);
const body = '{"version":1,"text":"Rollout checkout-v2 of checkout promoted"}';

function signed(secret = 'shh', at = NOW) {
  const headers = signatureHeaders(secret, body, at);
  return {
    signature: headers[NOTIFICATION_SIGNATURE_HEADER],
    timestamp: headers[NOTIFICATION_TIMESTAMP_HEADER],
  };
}

describe('a signed notification can be verified by its receiver', () => {
  it('signs "<timestamp>.<body>" with HMAC-SHA256, as sha256=<hex> with the timestamp in seconds', () => {
    const { signature, timestamp } = signed();
    expect(timestamp).toBe(String(NOW / 1000));
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
  });

  it('accepts the body it signed, as text or as bytes', () => {
    const headers = signed();
    expect(verifyNotificationSignature({ secret: 'shh', body, ...headers, now: NOW })).toBe(true);
    const bytes = new TextEncoder().encode(body);
    expect(verifyNotificationSignature({ secret: 'shh', body: bytes, ...headers, now: NOW })).toBe(true);
  });

  it('refuses another body, another secret, or a signature moved to another timestamp', () => {
    const headers = signed();
    const check = (input: Partial<Parameters<typeof verifyNotificationSignature>[0]>) =>
      verifyNotificationSignature({ secret: 'shh', body, ...headers, now: NOW, ...input });
    expect(check({ body: body.replace('promoted', 'rolled back') })).toBe(false);
    expect(check({ secret: 'other' })).toBe(false);
    expect(check({ timestamp: String(NOW / 1000 + 1) })).toBe(false);
  });

  it('refuses a timestamp further from now than the tolerance (a replay), in either direction', () => {
    const headers = signed('shh', NOW - 301_000);
    expect(verifyNotificationSignature({ secret: 'shh', body, ...headers, now: NOW })).toBe(false);
    expect(
      verifyNotificationSignature({ secret: 'shh', body, ...headers, now: NOW, toleranceSec: 600 }),
    ).toBe(true);
    const ahead = signed('shh', NOW + 301_000);
    expect(verifyNotificationSignature({ secret: 'shh', body, ...ahead, now: NOW })).toBe(false);
  });

  it('answers false, never throws, for missing or malformed headers', () => {
    const { signature, timestamp } = signed();
    const cases = [
      { signature: undefined, timestamp },
      { signature, timestamp: null },
      { signature: 'sha256=abc', timestamp },
      { signature: signature?.replace('sha256=', 'sha1='), timestamp },
      { signature, timestamp: 'yesterday' },
    ];
    for (const headers of cases)
      expect(verifyNotificationSignature({ secret: 'shh', body, ...headers, now: NOW })).toBe(false);
  });
});
