import { randomBytes } from 'node:crypto';

/** A dashboard access token: its name is the actor the audit log records; its secret signs in. */
export interface AccessToken {
  name: string;
  secret: string;
}

/**
 * Reads `--token name:secret` (or a bare secret, named `dashboard`).
 * @returns an error sentence when the token is unusable
 */
export function parseAccessToken(text: string): AccessToken | string {
  const colon = text.indexOf(':');
  const name = colon < 0 ? 'dashboard' : text.slice(0, colon).trim();
  const secret = colon < 0 ? text : text.slice(colon + 1);
  if (!/^[\w.@-]{1,64}$/.test(name)) {
    return `the token's name must be 1 to 64 letters, digits or ._@- (it names the actor in the audit log), got ${JSON.stringify(name)}`;
  }
  if (secret.length < 16) return `the token's secret must be at least 16 characters, got ${secret.length}`;
  return { name, secret };
}

/** A random token for a dashboard on a public address started without one. */
export function randomToken(name: string): AccessToken {
  return { name, secret: randomBytes(24).toString('base64url') };
}
