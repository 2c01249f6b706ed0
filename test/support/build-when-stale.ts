import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withFileLock } from '@rampkit/core/file-store';

/**
 * Rebuilds a package with tsup when a source file is newer than `output`: tests that run a package
 * in a child process run its dist, which `pnpm test` builds first but a bare `vitest run` after an
 * edit does not. Test files run in parallel: one builds, the others wait and find the build fresh.
 */
export async function buildWhenStale(packageDir: string, output: string): Promise<void> {
  const fresh = () => existsSync(output) && newestSource(join(packageDir, 'src')) <= statSync(output).mtimeMs;
  if (fresh()) return;
  const name = packageDir
    .replace(/[\\/]+$/, '')
    .split(/[\\/]/)
    .pop();
  await withFileLock(
    join(tmpdir(), `rampkit-${name}-build.lock`),
    async () => {
      if (!fresh())
        execFileSync('npx', ['tsup', '--silent'], { cwd: packageDir, stdio: 'pipe', timeout: 120_000 });
    },
    { timeoutMs: 180_000, staleMs: 180_000 },
  );
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (!/\.test(-helper)?\.ts$|\.test-d\.ts$/.test(entry.name))
      newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}
