import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { cleanupPrefix, REDIS_URL, redisForSuite, uniquePrefix } from '../../support/redis.js';
import { buildCliWhenStale, canaryFlag, tempDir, writeJson } from './cli.js';

/** A CLI test file's set-up: the CLI built before its tests, a work folder removed after them. */
export function cliWorkspace(name: string): { dir: string; remove: () => void } {
  const work = tempDir(name);
  beforeAll(() => buildCliWhenStale());
  afterAll(() => work.remove());
  return work;
}

export interface RedisWorkspace {
  /** False when no Redis answers: the file's suites skip (see `redisForSuite`). */
  available: boolean;
  /** The key prefix no other file uses; every key under it is deleted after the file's tests. */
  prefix: string;
  /** `--store <url> --prefix <prefix>`: the CLI's arguments for this prefix. */
  store: string[];
  work: { dir: string; remove: () => void };
}

/** `cliWorkspace` on the shared Redis, under a prefix of its own. `suite` names the file in the skip banner. */
export async function redisWorkspace(name: string, suite: string): Promise<RedisWorkspace> {
  const available = await redisForSuite(suite);
  const prefix = uniquePrefix(name);
  const work = cliWorkspace(name);
  afterAll(async () => {
    if (available) await cleanupPrefix(prefix);
  });
  return { available, prefix, store: ['--store', REDIS_URL, '--prefix', prefix], work };
}

export interface FlagsFileWorkspace {
  work: { dir: string; remove: () => void };
  flagsPath: string;
  /** `file:<flagsPath>`, as `--store` takes it. */
  store: string;
  /** Writes `value` to `<name>.json` in the work folder; returns its path. */
  plan: (name: string, value: Record<string, unknown>) => string;
}

/** `cliWorkspace` with a flags file holding a canary flag (`canaryFlag`) per key, written before the tests. */
export function flagsFileWorkspace(name: string, keys: readonly string[]): FlagsFileWorkspace {
  const work = cliWorkspace(name);
  const flagsPath = join(work.dir, 'flags.json');
  beforeAll(() => writeJson(flagsPath, { flags: keys.map((key) => canaryFlag(key)) }));
  const plan = (file: string, value: Record<string, unknown>) => {
    const path = join(work.dir, `${file}.json`);
    writeJson(path, value);
    return path;
  };
  return { work, flagsPath, store: `file:${flagsPath}`, plan };
}
