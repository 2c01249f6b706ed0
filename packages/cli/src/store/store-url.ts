import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../program/errors.js';

/** Where `--store` points: a Redis server (and the key prefix of one environment), or a flags file with its sidecar state. */
export type StoreLocation =
  | { kind: 'redis'; url: string; display: string; secrets: string[]; prefix?: string }
  | { kind: 'file'; path: string; display: string; secrets: string[] };

/**
 * Reads a `--store` value: `redis://[user:password@]host:port[/db][?prefix=staging:]`, `rediss://…`
 * (TLS), `file:flags.json` (relative to `cwd`), `file:/abs/flags.yaml` or `file:///abs/flags.json`.
 * A Redis URL's `prefix` parameter is the environment's key prefix (what `--prefix` gives), so one
 * value names an environment: `--from`/`--to` of `flags diff` and `flags promote` take it so.
 * @param option the option the value came from, for messages
 * @throws UsageError for anything else, or a `prefix` on a flags file (a file is one environment)
 */
export function parseStoreUrl(text: string, cwd = process.cwd(), option = '--store'): StoreLocation {
  const value = text.trim();
  if (/^rediss?:\/\//i.test(value)) {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new UsageError(`${option} ${redactUrl(value)} is not a valid Redis URL`);
    }
    if (url.hostname === '') throw new UsageError(`${option} ${redactUrl(value)} names no host`);
    const secrets = url.password === '' ? [] : [url.password, decodeURIComponent(url.password)];
    const prefix = url.searchParams.get('prefix');
    const location: StoreLocation = { kind: 'redis', url: value, display: redactUrl(value), secrets };
    if (prefix === null) return location;
    if (prefix === '')
      throw new UsageError(`${option} ${redactUrl(value)}: prefix= needs a value, e.g. prefix=staging:`);
    // ioredis reads other query parameters as options; the prefix is ours.
    url.searchParams.delete('prefix');
    return { ...location, url: url.toString(), prefix };
  }
  if (/^file:/i.test(value)) {
    const rest = value.slice('file:'.length);
    if (rest === '') throw new UsageError(`${option} file: needs a path, e.g. file:flags.json`);
    if (/[?&]prefix=/.test(rest)) {
      throw new UsageError(
        `${option} ${value}: a flags file has no key prefix; give each environment its own file (file:staging.json)`,
      );
    }
    const path = rest.startsWith('//') ? fileURLToPath(value) : isAbsolute(rest) ? rest : resolve(cwd, rest);
    return { kind: 'file', path, display: `file:${rest}`, secrets: [] };
  }
  throw new UsageError(
    `${option} ${JSON.stringify(redactUrl(value))} is not a store URL: use redis://host:6379, rediss://… or file:flags.json`,
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
