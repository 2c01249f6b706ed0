import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REDIS_URL, redisForSuite } from '../support/redis.js';

const available = await redisForSuite('examples/multi-instance (test/redis/example.test.ts)');
const START = fileURLToPath(new URL('../../examples/multi-instance/start.mjs', import.meta.url));

describe.skipIf(!available)('examples/multi-instance runs with one command', () => {
  it('three app processes converge on a flag change and report merged per-arm metrics', async () => {
    const { code, stdout, stderr } = await new Promise<{
      code: number | null;
      stdout: string;
      stderr: string;
    }>((resolve) => {
      const child = execFile(
        process.execPath,
        [START],
        { env: { ...process.env, REDIS_URL }, timeout: 60_000 },
        (error, out, err) =>
          resolve({
            code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
            stdout: out,
            stderr: err,
          }),
      );
      child.stdin?.end();
    });
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/All 3 instances converged on version 2 within \d+ ms/);
    expect(stdout).toContain('Per-arm metrics of checkout-v2, merged across the 3 instances');
    expect(stdout).toMatch(/│ canary\s+│ \d+/);
    expect(stdout).toMatch(/│ stable\s+│ \d+/);
  });
});
