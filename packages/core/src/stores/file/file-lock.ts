import { randomUUID } from 'node:crypto';
import { open, readFile, stat, unlink, utimes } from 'node:fs/promises';
import { hostname } from 'node:os';
import { errorCode } from '../../errors/error-code.js';
import { StoreUnavailableError } from '../../errors/errors.js';
import { errorMessage } from '../../errors/to-error.js';

export interface FileLockOptions {
  /** Longest wait for another holder to let go, in milliseconds. @default 10_000 */
  timeoutMs?: number;
  /** A lock not refreshed for this long is taken to be left by a crashed process, in milliseconds. @default 30_000 */
  staleMs?: number;
}

/**
 * Runs `task` while holding `lockPath`, a file created exclusively (`O_EXCL`), so that processes
 * sharing a file never interleave a read-modify-write: FileStore's writes and the CLI's state
 * file take it. Holders in one process wait for each other the same way.
 *
 * The lock file names its holder (`pid timestamp host token`) and its holder touches it while it
 * runs, so that only an abandoned lock goes stale: one whose holder on this host is gone, or that
 * nobody has touched for `staleMs`. Breaking a stale lock takes a second lock (`<lockPath>.break`)
 * and removes the lock only if it still holds what was judged stale, so two waiters that find the
 * same stale lock cannot remove each other's fresh one. On release, a holder removes the lock only
 * if it is still its own.
 *
 * @throws StoreUnavailableError when the lock cannot be taken within `timeoutMs` or the folder is unusable
 */
export async function withFileLock<T>(
  lockPath: string,
  task: () => Promise<T>,
  options: FileLockOptions = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const staleMs = options.staleMs ?? 30_000;
  const token = `${process.pid} ${Date.now()} ${hostname()} ${randomUUID()}\n`;
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    if (await tryCreate(lockPath, token)) break;
    if (await breakIfStale(lockPath, staleMs)) continue;
    if (Date.now() - started > timeoutMs) {
      throw new StoreUnavailableError(
        `lock ${lockPath} is held by another process (${await describeHolder(lockPath)}) for over ${timeoutMs} ms`,
      );
    }
    // Short waits first: a FileStore write holds the lock for a few milliseconds.
    await sleep(Math.min(2 + attempt * 2, 50) * (0.5 + Math.random()));
  }
  const heartbeat = setInterval(() => void touch(lockPath), Math.max(1, staleMs / 3));
  heartbeat.unref();
  try {
    return await task();
  } finally {
    clearInterval(heartbeat);
    await releaseIfOwn(lockPath, token);
  }
}

/** Creates the lock file holding `token`; false when it exists already. */
async function tryCreate(lockPath: string, token: string): Promise<boolean> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(lockPath, 'wx');
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    throw new StoreUnavailableError(
      `cannot create lock ${lockPath} (${errorCode(error) ?? errorMessage(error)})`,
      {
        cause: error,
      },
    );
  }
  try {
    await handle.writeFile(token);
    await handle.close();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(lockPath).catch(() => undefined);
    throw new StoreUnavailableError(
      `cannot write lock ${lockPath} (${errorCode(error) ?? errorMessage(error)})`,
      {
        cause: error,
      },
    );
  }
  return true;
}

/** Removes `lockPath` when it is stale; true when the lock is gone (try again at once). */
async function breakIfStale(lockPath: string, staleMs: number): Promise<boolean> {
  const seen = await readLock(lockPath);
  if (seen === undefined) return true;
  if (!isStale(seen, staleMs)) return false;
  // The break lock is held for two file operations; one older than `staleMs` was left by a crash.
  const breakPath = `${lockPath}.break`;
  const breakToken = `${process.pid} ${Date.now()} ${hostname()} ${randomUUID()}\n`;
  if (!(await tryCreate(breakPath, breakToken))) {
    const breaker = await readLock(breakPath);
    if (breaker !== undefined && Date.now() - breaker.mtimeMs > staleMs)
      await unlink(breakPath).catch(() => undefined);
    return false;
  }
  try {
    const now = await readLock(lockPath);
    if (now?.text === seen.text) await unlink(lockPath).catch(() => undefined);
  } finally {
    await releaseIfOwn(breakPath, breakToken);
  }
  return true;
}

interface SeenLock {
  text: string;
  mtimeMs: number;
}

async function readLock(lockPath: string): Promise<SeenLock | undefined> {
  try {
    const [text, info] = await Promise.all([readFile(lockPath, 'utf8'), stat(lockPath)]);
    return { text, mtimeMs: info.mtimeMs };
  } catch {
    // Released meanwhile.
    return undefined;
  }
}

function isStale(lock: SeenLock, staleMs: number): boolean {
  if (Date.now() - lock.mtimeMs > staleMs) return true;
  const [pid, , host] = lock.text.trim().split(' ');
  const id = Number(pid);
  // A lock still being written (no pid yet), or held on another host, ages out instead.
  if (!Number.isInteger(id) || id <= 0 || host !== hostname()) return false;
  return !isAlive(id);
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) === 'EPERM';
  }
}

async function touch(lockPath: string): Promise<void> {
  const now = new Date();
  await utimes(lockPath, now, now).catch(() => undefined);
}

async function releaseIfOwn(lockPath: string, token: string): Promise<void> {
  const text = await readFile(lockPath, 'utf8').catch(() => undefined);
  if (text === token) await unlink(lockPath).catch(() => undefined);
}

async function describeHolder(lockPath: string): Promise<string> {
  const text = await readFile(lockPath, 'utf8').catch(() => '');
  const [pid, , host] = text.trim().split(' ');
  if (!pid) return 'unknown holder';
  return host && host !== hostname() ? `pid ${pid} on ${host}` : `pid ${pid}`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
