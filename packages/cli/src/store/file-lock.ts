import { open, readFile, stat, unlink } from 'node:fs/promises';
import { StoreUnavailableError } from '@rampkit/core';

export interface FileLockOptions {
  /** Longest wait for another process to let go, in milliseconds. @default 10_000 */
  timeoutMs?: number;
  /** A lock older than this is taken to be left by a crashed process, in milliseconds. @default 30_000 */
  staleMs?: number;
}

/**
 * Runs `task` while holding `lockPath`, a file created exclusively (`O_EXCL`), so that two processes
 * sharing a state file never interleave a read-modify-write. The lock names its holder's pid: a lock
 * whose holder is gone, or that is older than `staleMs`, is broken.
 * @throws StoreUnavailableError when the lock cannot be taken within `timeoutMs` or the folder is unusable
 */
export async function withFileLock<T>(
  lockPath: string,
  task: () => Promise<T>,
  options: FileLockOptions = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const staleMs = options.staleMs ?? 30_000;
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    if (await tryLock(lockPath)) break;
    if (await breakIfStale(lockPath, staleMs)) continue;
    if (Date.now() - started > timeoutMs) {
      throw new StoreUnavailableError(
        `lock ${lockPath} is held by another process (${await describeHolder(lockPath)}) for over ${timeoutMs} ms`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(5 + attempt * 2, 50)));
  }
  try {
    return await task();
  } finally {
    await unlink(lockPath).catch(() => undefined);
  }
}

async function tryLock(lockPath: string): Promise<boolean> {
  try {
    const handle = await open(lockPath, 'wx');
    await handle.writeFile(`${process.pid} ${Date.now()}\n`);
    await handle.close();
    return true;
  } catch (error) {
    if (codeOf(error) === 'EEXIST') return false;
    throw new StoreUnavailableError(`cannot create lock ${lockPath} (${codeOf(error) ?? String(error)})`, {
      cause: error,
    });
  }
}

async function breakIfStale(lockPath: string, staleMs: number): Promise<boolean> {
  let text: string;
  let ageMs: number;
  try {
    text = await readFile(lockPath, 'utf8');
    ageMs = Date.now() - (await stat(lockPath)).mtimeMs;
  } catch {
    // Released between our attempt and this look: try again at once.
    return true;
  }
  const pid = Number(text.split(' ')[0]);
  if (ageMs <= staleMs && (!Number.isInteger(pid) || pid <= 0 || isAlive(pid))) return false;
  // A partially written lock (no pid yet) is young and is left alone by the test above.
  await unlink(lockPath).catch(() => undefined);
  return true;
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return codeOf(error) === 'EPERM';
  }
}

async function describeHolder(lockPath: string): Promise<string> {
  const text = await readFile(lockPath, 'utf8').catch(() => '');
  const pid = text.split(' ')[0];
  return pid ? `pid ${pid}` : 'unknown holder';
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
