import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../program/errors.js';

/** Where `--store` points: a Redis server, or a flags file with its sidecar state. */
export type StoreLocation =
  | { kind: 'redis'; url: string; display: string; secrets: string[] }
  | { kind: 'file'; path: string; display: string; secrets: string[] };

/**
 * Reads a `--store` value: `redis://[user:password@]host:port[/db]`, `rediss://…` (TLS),
 * `file:flags.json` (relative to `cwd`), `file:/abs/flags.yaml` or `file:///abs/flags.json`.
 * @throws UsageError for anything else
 */
export function parseStoreUrl(text: string, cwd = process.cwd()): StoreLocation {
  const value = text.trim();
  if (/^rediss?:\/\//i.test(value)) {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new UsageError(`--store ${redactUrl(value)} is not a valid Redis URL`);
    }
    if (url.hostname === '') throw new UsageError(`--store ${redactUrl(value)} names no host`);
    const secrets = url.password === '' ? [] : [url.password, decodeURIComponent(url.password)];
    return { kind: 'redis', url: value, display: redactUrl(value), secrets };
  }
  if (/^file:/i.test(value)) {
    const rest = value.slice('file:'.length);
    if (rest === '') throw new UsageError('--store file: needs a path, e.g. file:flags.json');
    const path = rest.startsWith('//') ? fileURLToPath(value) : isAbsolute(rest) ? rest : resolve(cwd, rest);
    return { kind: 'file', path, display: `file:${rest}`, secrets: [] };
  }
  throw new UsageError(
    `--store ${JSON.stringify(redactUrl(value))} is not a store URL: use redis://host:6379, rediss://… or file:flags.json`,
  );
}

/** The URL with its password replaced by `***`, for every message and log line. */
export function redactUrl(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/)([^@/?#]*)@/i, (_match, scheme: string, auth: string) => {
    const colon = auth.indexOf(':');
    return colon === -1 ? `${scheme}${auth}@` : `${scheme}${auth.slice(0, colon)}:***@`;
  });
}

/** `text` with every secret (a store password, raw or decoded) replaced by `***`. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) if (secret.length > 0) result = result.split(secret).join('***');
  return result;
}
