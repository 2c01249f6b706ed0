import { createHmac, timingSafeEqual } from 'node:crypto';
import { RampkitError } from '../errors/errors.js';

/**
 * Signed override tokens: `rk1.<payload>.<signature>`, both parts base64url. The payload is
 * `{"flags":{"<flag>":"<variation>"},"exp":<epoch seconds>,"unit":"<unit id>"?}`; the signature
 * is HMAC-SHA256 of the payload part under one of the configured secrets.
 */
const PREFIX = 'rk1.';
/** The signature as `signOverride` writes it: 32 bytes are 43 base64url characters, unpadded. */
const SIGNATURE_LENGTH = 43;
const ONE_DAY_SECONDS = 86_400;

export interface SignOverrideOptions {
  /** The token stops being accepted after this many seconds. @default 86400 (one day) */
  expiresInSeconds?: number;
  /**
   * Only a request whose unit id is this one may use the token. The client sends its unit id (the
   * user-id header or the anonymous cookie), so this protects only as much as that id does.
   * @default any unit
   */
  unit?: string;
  /** Clock in epoch milliseconds, for tests. @default Date.now */
  now?: () => number;
}

/** Why a token was refused. */
export type TokenRejection = 'malformed' | 'bad-signature' | 'expired' | 'wrong-unit';

export type TokenCheck =
  | { ok: true; flags: ReadonlyMap<string, string> }
  | { ok: false; reason: TokenRejection };

/**
 * Makes an override token for `x-rampkit-override` or the override cookie.
 * @throws RampkitError `RAMPKIT_INVALID_ARGUMENT` for an empty secret or a lifetime that is not a
 * positive, finite number of seconds
 */
export function signOverride(
  secret: string,
  flags: Readonly<Record<string, string>>,
  options: SignOverrideOptions = {},
): string {
  if (typeof secret !== 'string' || secret.length === 0) {
    throw new RampkitError('RAMPKIT_INVALID_ARGUMENT', 'signOverride: secret must be a non-empty string');
  }
  const lifetime = options.expiresInSeconds ?? ONE_DAY_SECONDS;
  if (typeof lifetime !== 'number' || !Number.isFinite(lifetime) || lifetime <= 0) {
    throw new RampkitError(
      'RAMPKIT_INVALID_ARGUMENT',
      `signOverride: options.expiresInSeconds must be a positive, finite number of seconds, got ${String(lifetime)}`,
    );
  }
  const payload: { flags: Readonly<Record<string, string>>; exp: number; unit?: string } = {
    flags,
    exp: Math.floor((options.now ?? Date.now)() / 1000) + lifetime,
  };
  if (options.unit !== undefined) payload.unit = options.unit;
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${PREFIX}${body}.${sign(secret, body).toString('base64url')}`;
}

export function isSignedToken(value: string): boolean {
  return value.startsWith(PREFIX);
}

/**
 * Verifies a token against every secret with a timing-safe comparison, then its expiry and unit.
 * The signature must be spelled exactly as `signOverride` writes it: Node's base64url decoder skips
 * characters outside the alphabet and ignores a last character's unused bits, so decoding alone
 * would accept many spellings of one token, and a list of revoked tokens could be walked around.
 * Never throws.
 */
export function verifyOverride(
  token: string,
  secrets: readonly string[],
  unit: string | undefined,
  nowMs: number,
): TokenCheck {
  const dot = token.lastIndexOf('.');
  if (!isSignedToken(token) || dot <= PREFIX.length) return { ok: false, reason: 'malformed' };
  const body = token.slice(PREFIX.length, dot);
  const signature = token.slice(dot + 1);
  if (signature.length !== SIGNATURE_LENGTH) return { ok: false, reason: 'bad-signature' };
  const given = Buffer.from(signature, 'base64url');
  if (given.toString('base64url') !== signature) return { ok: false, reason: 'bad-signature' };
  let valid = false;
  // Every secret is tried even after a match, so timing says nothing about which one matched.
  for (const secret of secrets) {
    if (timingSafeEqual(sign(secret, body), given)) valid = true;
  }
  if (!valid) return { ok: false, reason: 'bad-signature' };

  const payload = parsePayload(body);
  if (payload === undefined) return { ok: false, reason: 'malformed' };
  if (payload.exp !== undefined && payload.exp * 1000 <= nowMs) return { ok: false, reason: 'expired' };
  if (payload.unit !== undefined && payload.unit !== unit) return { ok: false, reason: 'wrong-unit' };
  return { ok: true, flags: payload.flags };
}

function sign(secret: string, body: string): Buffer {
  return createHmac('sha256', secret).update(body).digest();
}

interface Payload {
  flags: Map<string, string>;
  exp: number | undefined;
  unit: string | undefined;
}

function parsePayload(body: string): Payload | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!isObject(raw) || !isObject(raw.flags)) return undefined;
  const flags = new Map<string, string>();
  for (const [flag, variation] of Object.entries(raw.flags)) {
    if (typeof variation !== 'string') return undefined;
    flags.set(flag, variation);
  }
  const { exp, unit } = raw;
  if (exp !== undefined && typeof exp !== 'number') return undefined;
  if (unit !== undefined && typeof unit !== 'string') return undefined;
  return { flags, exp, unit };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
