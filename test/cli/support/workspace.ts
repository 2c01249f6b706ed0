import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { cleanupPrefix, REDIS_URL, redisForSuite, uniquePrefix } from '../../support/redis.js';
import { buildCliWhenStale, canaryFlag, tempDir, writeJson } from './cli.js';

export interface Work {
  dir: string;
  remove: () => void;
  /** Writes `value` as JSON to `<name>.json` in the folder; returns its path. */
  file: (name: string, value: unknown) => string;
}

/** A CLI test file's set-up: the CLI built before its tests, a work folder removed after them. */
export function cliWorkspace(name: string): Work {
  const work = tempDir(name);
  beforeAll(() => buildCliWhenStale());
  afterAll(() => work.remove());
  const file = (file: string, value: unknown) => {
    const path = join(work.dir, `${file}.json`);
    writeJson(path, value);
    return path;
  };
  return { ...work, file };
}

export interface RedisWorkspace {
  /** False when no Redis answers: the file's suites skip (see `redisForSuite`). */
  available: boolean;
  /** The key prefix no other file uses; every key under it is deleted after the file's tests. */
  prefix: string;
  /** `--store <url> --prefix <prefix>`: the CLI's arguments for this prefix. */
  store: string[];
  work: Work;
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
  work: Work;
  flagsPath: string;
  /** `file:<flagsPath>`, as `--store` takes it. */
  store: string;
  /** `work.file`: writes a plan (or any JSON) to `<name>.json` in the work folder; returns its path. */
  plan: Work['file'];
}

/** `cliWorkspace` with a flags file holding a canary flag (`canaryFlag`) per key, written before the tests. */
export function flagsFileWorkspace(name: string, keys: readonly string[]): FlagsFileWorkspace {
  const work = cliWorkspace(name);
  const flagsPath = join(work.dir, 'flags.json');
  beforeAll(() => writeJson(flagsPath, { flags: keys.map((key) => canaryFlag(key)) }));
  return { work, flagsPath, store: `file:${flagsPath}`, plan: work.file };
}
