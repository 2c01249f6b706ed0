import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWhenStale } from '../../support/build-when-stale.js';

export const CLI_DIR = fileURLToPath(new URL('../../../packages/cli/', import.meta.url));
export const CLI_BIN = join(CLI_DIR, 'dist', 'bin.js');

/**
 * The CLI runs as a subprocess from packages/cli/dist. `pnpm test` builds it first; when vitest is
 * run on its own after an edit, rebuild it here so the tests do not run stale code.
 */
export function buildCliWhenStale(): Promise<void> {
  return buildWhenStale(CLI_DIR, CLI_BIN);
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

/**
 * Runs `rampkit <args>`, asserts its exit code (0 unless given) and parses what it printed as JSON;
 * untyped, as `JSON.parse` is, unless the caller names the shape it expects.
 */
export async function runCliJson<T = ReturnType<typeof JSON.parse>>(
  args: readonly string[],
  code = 0,
): Promise<T> {
  const result = await runCli(args);
  expectExit(result, code);
  return JSON.parse(result.stdout) as T;
}

/** The arguments of `rampkit experiment report <key> --definition <definition> <more...>`. */
export function reportArgs(key: string, definition: string, more: readonly string[]): string[] {
  return ['experiment', 'report', key, '--definition', definition, ...more];
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
