import { createHmac, timingSafeEqual } from 'node:crypto';

/** `sha256=<hex>`: HMAC-SHA256 of `${timestamp}.${body}` under the webhook's secret. */
export const NOTIFICATION_SIGNATURE_HEADER = 'x-rampkit-signature';
/** Unix seconds when the request was signed; part of what is signed, so a replay can be refused. */
export const NOTIFICATION_TIMESTAMP_HEADER = 'x-rampkit-timestamp';

function hmac(secret: string, timestamp: string, body: string | Uint8Array): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

/** The two signature headers for `body`, signed at `nowMs`. */
export function signatureHeaders(secret: string, body: string, nowMs: number): Record<string, string> {
  const timestamp = String(Math.floor(nowMs / 1000));
  return {
    [NOTIFICATION_SIGNATURE_HEADER]: `sha256=${hmac(secret, timestamp, body)}`,
    [NOTIFICATION_TIMESTAMP_HEADER]: timestamp,
  };
}

export interface VerifyNotificationInput {
  /** The webhook's `secret`, as in the plan or controller options. */
  secret: string;
  /** The request body exactly as received (bytes or text), before any JSON parsing. */
  body: string | Uint8Array;
  /** The `x-rampkit-signature` header. */
  signature: string | null | undefined;
  /** The `x-rampkit-timestamp` header. */
  timestamp: string | null | undefined;
  /** Largest difference between the timestamp and now, in seconds. @default 300 */
  toleranceSec?: number;
  /** Now, epoch milliseconds. @default Date.now() */
  now?: number;
}

/**
 * Whether a notification really comes from a controller that knows `secret` and was signed within
 * `toleranceSec` of now. Compares in constant time; a missing or malformed header is `false`, never
 * an exception, so a receiver can answer 401 on `false` and nothing else.
 */
export function verifyNotificationSignature(input: VerifyNotificationInput): boolean {
  const { signature, timestamp } = input;
  if (typeof signature !== 'string' || typeof timestamp !== 'string') return false;
  if (!/^\d{1,12}$/.test(timestamp)) return false;
  const toleranceSec = input.toleranceSec ?? 300;
  const nowSec = (input.now ?? Date.now()) / 1000;
  if (Math.abs(nowSec - Number(timestamp)) > toleranceSec) return false;
  const match = /^sha256=([0-9a-f]{64})$/i.exec(signature.trim());
  if (match === null) return false;
  const expected = Buffer.from(hmac(input.secret, timestamp, input.body), 'hex');
  return timingSafeEqual(expected, Buffer.from((match[1] as string).toLowerCase(), 'hex'));
}
