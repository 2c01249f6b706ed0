import pg from 'pg';

/** The shared PostgreSQL the suites use (trust auth, database `test`). */
export const POSTGRES_URL = process.env.POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REQUIRED = process.env.RAMPKIT_REQUIRE_POSTGRES === '1';

/** True when a server at `url` answers a query within `timeoutMs`. */
export async function postgresAvailable(url = POSTGRES_URL, timeoutMs = 2000): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Decides whether a PostgreSQL suite runs. No server skips it with a banner on stderr, unless
 * RAMPKIT_REQUIRE_POSTGRES=1 (CI), where it fails the suite instead.
 * @throws Error when PostgreSQL is required but does not answer
 */
export async function postgresForSuite(suite: string): Promise<boolean> {
  if (await postgresAvailable()) return true;
  const what = `no PostgreSQL answers at ${POSTGRES_URL.replace(/\/\/[^@/]*@/, '//')}`;
  if (REQUIRED)
    throw new Error(
      `${suite}: ${what}, and RAMPKIT_REQUIRE_POSTGRES=1 requires the PostgreSQL suites to run`,
    );
  const line = '!'.repeat(100);
  process.stderr.write(
    `\n${line}\n!! SKIPPED: ${suite}\n!! ${what}.\n` +
      '!! Start one (database `test`, user postgres) or set POSTGRES_URL. Set RAMPKIT_REQUIRE_POSTGRES=1\n' +
      `!! to make this a failure.\n${line}\n\n`,
  );
  return false;
}

/** A schema no other test file, run or process uses. */
export function uniqueSchema(name: string): string {
  return `rk_test_${name}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
}

/** Drops a test's schema and everything in it. */
export async function dropSchema(schema: string, url = POSTGRES_URL): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end().catch(() => {});
  }
}
