import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { REDIS_URL, redisForSuite } from '../support/redis.js';
import { buildCliWhenStale } from './support/cli.js';

const available = await redisForSuite(
  'examples/multi-instance/rollout.mjs (test/cli/multi-instance-rollout.test.ts)',
);
const ROLLOUT = fileURLToPath(new URL('../../examples/multi-instance/rollout.mjs', import.meta.url));

beforeAll(() => buildCliWhenStale());

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [ROLLOUT, ...args],
      { env: { ...process.env, REDIS_URL }, timeout: 90_000 },
      (error, stdout, stderr) =>
        resolve({
          code: error === null ? 0 : Number(error.code ?? -1),
          stdout,
          stderr,
        }),
    );
  });
}

describe.skipIf(!available)(
  'examples/multi-instance: three app processes and one rampkit rollout run share Redis',
  () => {
    it('promotes a healthy canary (exit 0) and rolls a broken one back (exit 1), every instance following', async () => {
      const [healthy, broken] = await Promise.all([run([]), run(['--broken'])]);
      expect(healthy.code, healthy.stdout + healthy.stderr).toBe(0);
      expect(healthy.stdout).toMatch(/PROMOTED/);
      expect(healthy.stdout.match(/app-\d: version \d+, canary share 100\.0%/g)).toHaveLength(3);
      expect(broken.code, broken.stdout + broken.stderr).toBe(1);
      expect(broken.stdout).toMatch(/ROLLED BACK/);
      expect(broken.stdout.match(/app-\d: version \d+, canary share 0\.0%/g)).toHaveLength(3);
    }, 120_000);
  },
);
