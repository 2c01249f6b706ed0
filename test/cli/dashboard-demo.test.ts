import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCliWhenStale, CLI_BIN, tempDir } from './support/cli.js';

const work = tempDir('demo-dashboard');
beforeAll(() => buildCliWhenStale());
afterAll(() => work.remove());

describe('rampkit demo --dashboard opens the dashboard on the demo', () => {
  it('serves the demo rollouts live while the story runs, and stays up until interrupted', async () => {
    const child = spawn(process.execPath, [CLI_BIN, 'demo', '--fast', '--dashboard', '-o', 'report.html'], {
      cwd: work.dir,
      env: { ...process.env, NO_COLOR: '1', RAMPKIT_STORE: undefined },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const closed = new Promise<number | null>((resolve) => child.once('close', resolve));
    const waitFor = (pattern: RegExp, ms: number) =>
      new Promise<RegExpExecArray>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${pattern} in:\n${stdout}\n${stderr}`)), ms);
        const check = () => {
          const found = pattern.exec(stdout);
          if (found === null) return;
          clearTimeout(timer);
          child.stdout.off('data', onData);
          resolve(found);
        };
        const onData = (chunk: Buffer) => {
          stdout += chunk.toString();
          check();
        };
        child.stdout.on('data', onData);
        check();
      });
    try {
      const url = (await waitFor(/Dashboard: (http:\/\/127\.0\.0\.1:\d+)/, 60_000))[1] as string;
      await waitFor(/step started/, 60_000);
      const page = await fetch(`${url}/rollouts`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('checkout-v2');
      await waitFor(/stays open at/, 150_000);
      const after = await fetch(`${url}/rollouts/recommendations-v2`);
      expect(await after.text()).toContain('rolledBack');
    } finally {
      child.kill('SIGINT');
    }
    await closed;
    expect(stdout).toMatch(/checkout-v2\s+promoted after/);
  }, 240_000);
});
