import { connect } from 'node:net';
import { type FlagsConfig, Redis, RedisStore } from './redis-deps.js';

/** The shared Redis the suites use; tests that kill a server start their own instead. */
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const REQUIRED = process.env.RAMPKIT_REQUIRE_REDIS === '1';

/** True when something at `url` answers a PING within `timeoutMs` (any reply counts: NOAUTH means it is there). */
export function redisAvailable(url = REDIS_URL, timeoutMs = 500): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname.replace(/^\[|\]$/g, ''), port: Number(port || 6379) });
    const done = (answer: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Decides whether a Redis suite runs. Absent Redis skips it with a banner on stderr, unless
 * RAMPKIT_REQUIRE_REDIS=1 (CI), where an absent Redis fails the suite instead.
 * @throws Error when Redis is required but does not answer
 */
export async function redisForSuite(
  suite: string,
  needs: 'shared' | 'binaries' = 'shared',
): Promise<boolean> {
  const available = needs === 'shared' ? await redisAvailable() : await binariesAvailable();
  if (available) return true;
  const what =
    needs === 'shared' ? `no Redis answers at ${REDIS_URL}` : 'redis-server / redis-cli are not on the PATH';
  if (REQUIRED)
    throw new Error(`${suite}: ${what}, and RAMPKIT_REQUIRE_REDIS=1 requires the Redis suites to run`);
  const line = '!'.repeat(100);
  process.stderr.write(
    `\n${line}\n!! SKIPPED: ${suite}\n!! ${what}.\n` +
      '!! Start one (`redis-server --port 6379 --save ""`) or set REDIS_URL; install redis-server for the\n' +
      '!! suites that start their own servers. Set RAMPKIT_REQUIRE_REDIS=1 to make this a failure.\n' +
      `${line}\n\n`,
  );
  return false;
}

async function binariesAvailable(): Promise<boolean> {
  const { execFile } = await import('node:child_process');
  const works = (binary: string) =>
    new Promise<boolean>((resolve) => execFile(binary, ['--version'], (error) => resolve(error === null)));
  return (await works('redis-server')) && (await works('redis-cli'));
}

/** A prefix no other test file, run or process uses: `rk-test:<name>:<pid>:<random>:`. */
export function uniquePrefix(name: string): string {
  return `rk-test:${name}:${process.pid}:${Math.random().toString(36).slice(2, 8)}:`;
}

/**
 * Deletes every key a store with `prefix`, or with a longer prefix that starts with it, may have
 * written (tagged keys and sticky keys).
 */
export async function cleanupPrefix(prefix: string, url = REDIS_URL): Promise<void> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await client.connect();
    const plain = prefix.replace(/[{}]/g, '');
    for (const pattern of [`{${prefix}*`, `${plain}*`]) {
      let cursor = '0';
      do {
        const [next, keys] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
        cursor = next;
        if (keys.length > 0) await client.del(...keys);
      } while (cursor !== '0');
    }
  } finally {
    client.disconnect();
  }
}

/** Writes `config` as the first version under `prefix`, as an operator's first `flags set` would. */
export async function seedConfig(prefix: string, config: FlagsConfig, url = REDIS_URL): Promise<void> {
  const store = new RedisStore({ url, prefix });
  try {
    await store.writeConfig(config, { expectedVersion: 0 });
  } finally {
    await store.close();
  }
}
