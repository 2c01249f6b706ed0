import { spawnSync } from 'node:child_process';
import { readFile, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isRampkitError } from '../../errors/errors.js';
import { withFileLock } from './file-lock.js';
import { tempFolder } from './file-store.test-helper.js';

let folder: Awaited<ReturnType<typeof tempFolder>>;
let lockPath: string;

beforeEach(async () => {
  folder = await tempFolder();
  lockPath = join(folder.dir, '.flags.json.lock');
});
afterEach(() => folder.remove());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

describe('a file lock has one holder at a time', () => {
  it('holders never overlap, and every one gets its turn', async () => {
    const events: string[] = [];
    let inside = 0;
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        withFileLock(lockPath, async () => {
          inside++;
          events.push(`in ${inside}`);
          await sleep(5);
          inside--;
          return i;
        }),
      ),
    );
    expect(events).toEqual(Array.from({ length: 8 }, () => 'in 1'));
    await expect(readFile(lockPath)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('is released when the task throws', async () => {
    await expect(withFileLock(lockPath, async () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    expect(await withFileLock(lockPath, async () => 'next')).toBe('next');
  });

  it('a holder that keeps it past staleMs keeps it, since it touches the lock while it runs', async () => {
    const order: string[] = [];
    const long = withFileLock(
      lockPath,
      async () => {
        order.push('long starts');
        await sleep(600);
        order.push('long ends');
      },
      { staleMs: 150 },
    );
    await sleep(20);
    await withFileLock(lockPath, async () => order.push('second'), { staleMs: 150, timeoutMs: 5000 });
    await long;
    expect(order).toEqual(['long starts', 'long ends', 'second']);
  });
});

describe('an abandoned lock is broken; a held one times out with a clear error', () => {
  it('a lock whose holder on this host has exited is broken at once', async () => {
    await writeFile(lockPath, `${deadPid()} ${Date.now()} ${hostname()} token\n`);
    expect(await withFileLock(lockPath, async () => 'taken', { timeoutMs: 1000 })).toBe('taken');
  });

  it('a lock nobody has touched for staleMs is broken, whoever wrote it', async () => {
    await writeFile(lockPath, `${process.pid} ${Date.now()} another-host token\n`);
    const old = new Date(Date.now() - 60_000);
    await utimes(lockPath, old, old);
    expect(await withFileLock(lockPath, async () => 'taken', { timeoutMs: 1000, staleMs: 30_000 })).toBe(
      'taken',
    );
  });

  it('a live holder on another host is waited for, then named in the timeout error', async () => {
    await writeFile(lockPath, `4242 ${Date.now()} another-host token\n`);
    const error = await withFileLock(lockPath, async () => 'never', { timeoutMs: 100 }).catch(
      (e: unknown) => e,
    );
    expect(isRampkitError(error) && error.code).toBe('RAMPKIT_STORE_UNAVAILABLE');
    expect((error as Error).message).toContain('pid 4242 on another-host');
    expect(await readFile(lockPath, 'utf8')).toBe(
      `4242 ${(await readFile(lockPath, 'utf8')).split(' ')[1]} another-host token\n`,
    );
  });

  it('a holder whose lock was broken and taken meanwhile leaves the new holder its lock', async () => {
    const result = await withFileLock(
      lockPath,
      async () => {
        await writeFile(lockPath, `4242 ${Date.now()} another-host someone-else\n`);
        return 'done';
      },
      { staleMs: 60_000 },
    );
    expect(result).toBe('done');
    expect(await readFile(lockPath, 'utf8')).toContain('someone-else');
  });
});
