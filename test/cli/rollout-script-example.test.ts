import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCliWhenStale, tempDir } from './support/cli.js';

const SCRIPT = fileURLToPath(new URL('../../examples/rollout-script/index.mjs', import.meta.url));
const work = tempDir('rollout-script');

beforeAll(() => buildCliWhenStale());
afterAll(() => work.remove());

function run(env: Record<string, string>, report: string): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [SCRIPT, report],
      { env: { ...process.env, ...env }, timeout: 60_000 },
      (error, stdout) => resolve({ code: error === null ? 0 : Number(error.code ?? -1), stdout }),
    );
  });
}

describe('examples/rollout-script drives a rollout through the programmatic API', () => {
  it('approves the 50% step itself, promotes a healthy canary, exits 0 and writes the report', async () => {
    const report = join(work.dir, 'healthy.html');
    const result = await run({ CANARY_ERROR_RATE: '0.002' }, report);
    expect(result.stdout).toMatch(/approved: step 2 approved by rollout-script/);
    expect(result.stdout).toMatch(/search-v2 promoted after \d+ requests/);
    expect(result.code).toBe(0);
    expect(readFileSync(report, 'utf8').match(/<svg class="chart"/g)).toHaveLength(4);
  });

  it('rolls a bad canary back and exits 1', async () => {
    const result = await run({ CANARY_ERROR_RATE: '0.3' }, join(work.dir, 'broken.html'));
    expect(result.stdout).toMatch(/search-v2 rolledBack after \d+ requests: /);
    expect(result.code).toBe(1);
  });
});
