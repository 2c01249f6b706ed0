import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CLI_DIR = fileURLToPath(new URL('../../../packages/cli/', import.meta.url));
export const CLI_BIN = join(CLI_DIR, 'dist', 'bin.js');

/**
 * The CLI runs as a subprocess from packages/cli/dist. `pnpm test` builds it first; when vitest is
 * run on its own after an edit, rebuild it here so the tests do not run stale code.
 */
export async function buildCliWhenStale(): Promise<void> {
  const fresh = () => existsSync(CLI_BIN) && newestSource(join(CLI_DIR, 'src')) <= statSync(CLI_BIN).mtimeMs;
  if (fresh()) return;
  // Test files run in parallel: one builds, the others wait for it and find the build fresh.
  await whileLocked(join(tmpdir(), 'rampkit-cli-build.lock'), 180_000, () => {
    if (!fresh())
      execFileSync('npx', ['tsup', '--silent'], { cwd: CLI_DIR, stdio: 'pipe', timeout: 120_000 });
  });
}

/** Runs `task` holding `path`, a file created exclusively; a lock older than `staleMs` was left by a crash. */
async function whileLocked(path: string, staleMs: number, task: () => void): Promise<void> {
  for (;;) {
    try {
      writeFileSync(path, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') throw error;
      const age = Date.now() - (statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > staleMs) rmSync(path, { force: true });
      else await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  try {
    task();
  } finally {
    rmSync(path, { force: true });
  }
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (!entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  /** Written to stdin, which is then closed. */
  input?: string;
  /** The child is killed after this long (the test then fails on its exit code). @default 60_000 */
  timeoutMs?: number;
}

/** Runs `rampkit <args>` in a child process; stdout is a pipe, so output is plain (not a TTY). */
export function runCli(args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string | undefined> = {
      ...process.env,
      NO_COLOR: '1',
      RAMPKIT_STORE: undefined,
      ...options.env,
    };
    for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
    const child = spawn(process.execPath, [CLI_BIN, ...args], {
      cwd: options.cwd ?? process.cwd(),
      env: env as NodeJS.ProcessEnv,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** A fresh folder, removed by the returned function. */
export function tempDir(name: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `rampkit-cli-${name}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function writeJson(path: string, value: unknown): void {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

/** A canary flag serving stable to everyone: what a rollout starts from. */
export function canaryFlag(key: string): Record<string, unknown> {
  return {
    key,
    kind: 'canary',
    variations: { canary: 'v2', stable: 'v1' },
    offVariation: 'stable',
    fallthrough: { variation: 'stable' },
  };
}

/** A plan fast enough for a test: real seconds, small samples. */
export function fastPlan(id: string, flag: string): Record<string, unknown> {
  return {
    id,
    flag,
    strategy: 'canary',
    steps: [{ weight: 10, hold: '1s' }, { weight: 50, hold: '1s' }, { weight: 100 }],
    analysis: {
      interval: '300ms',
      minRequests: 30,
      maxErrorRate: 0.05,
      consecutiveFailures: 2,
      compareLatency: { enabled: false },
      noData: { deadline: '1m', action: 'pause' },
    },
  };
}

/** Asserts the exit code, showing what the command printed when it is not the one expected. */
export function expectExit(result: CliResult, code: number): void {
  if (result.code !== code) {
    throw new Error(
      `expected exit ${code}, got ${result.code}\n--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}`,
    );
  }
}
