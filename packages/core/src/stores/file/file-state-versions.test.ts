import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoConfig, openFresh, tempFolders } from './file-state.test-helper.js';
import { FileStateStore } from './file-state-store.js';

// Each `rampkit` command is a new process with a new FileStateStore: versions must be the file's,
// not the process's, or `flags disable` then `flags enable` would both report version 2.

const folder = tempFolders('rampkit-file-versions-');

/** What one command does: open, read, write on top of what it read, close. */
async function command(dir: string, enabled: boolean): Promise<number> {
  const store = openFresh(dir);
  try {
    const current = await store.loadConfig();
    const written = await store.writeConfig(demoConfig(enabled), { expectedVersion: current?.version ?? 0 });
    return written.version;
  } finally {
    await store.close();
  }
}

describe('file: versions count writes to the file, whichever process made them', () => {
  it('numbers successive writes by separate store instances 1, 2, 3, 4', async () => {
    const dir = folder();
    expect(await command(dir, true)).toBe(1);
    expect(await command(dir, false)).toBe(2);
    expect(await command(dir, true)).toBe(3);
    expect(await command(dir, false)).toBe(4);
  });

  it('gives a new reader the version the last writer reported', async () => {
    const dir = folder();
    await command(dir, true);
    const last = await command(dir, false);
    const reader = openFresh(dir);
    expect((await reader.loadConfig())?.version).toBe(last);
    await reader.close();
  });

  it('refuses a write based on an older version, as the other stores do', async () => {
    const dir = folder();
    await command(dir, true);
    const stale = openFresh(dir);
    const read = await stale.loadConfig();
    await command(dir, false);
    await expect(
      stale.writeConfig(demoConfig(true), { expectedVersion: read?.version ?? 0 }),
    ).rejects.toMatchObject({
      code: 'RAMPKIT_CONFLICT',
      expectedVersion: 1,
      actualVersion: 2,
    });
    await stale.close();
  });

  it('counts an edit made by hand as the next version, the same for every reader', async () => {
    const dir = folder();
    await command(dir, true);
    writeFileSync(join(dir, 'flags.json'), `${JSON.stringify(demoConfig(false), null, 2)}\n`);
    const first = openFresh(dir);
    const second = openFresh(dir);
    expect((await first.loadConfig())?.version).toBe(2);
    expect((await second.loadConfig())?.version).toBe(2);
    await Promise.all([first.close(), second.close()]);
    expect(await command(dir, true)).toBe(3);
  });

  it('keeps the version when the file is only reformatted', async () => {
    const dir = folder();
    await command(dir, true);
    writeFileSync(join(dir, 'flags.json'), JSON.stringify(demoConfig(true)));
    const reader = openFresh(dir);
    expect((await reader.loadConfig())?.version).toBe(1);
    await reader.close();
  });

  it('tells a watching subscriber the same versions the writers report, in order', async () => {
    const dir = folder();
    await command(dir, true);
    const watcher = new FileStateStore({ path: join(dir, 'flags.json'), pollIntervalMs: 20 });
    const seen: number[] = [];
    watcher.subscribeConfig((snapshot) => seen.push(snapshot.version));
    await expect.poll(() => seen.at(-1)).toBe(1);
    const v2 = await command(dir, false);
    await expect.poll(() => seen.at(-1)).toBe(v2);
    const v3 = await command(dir, true);
    await expect.poll(() => seen.at(-1)).toBe(v3);
    expect(seen).toEqual([...new Set(seen)].sort((a, b) => a - b));
    await watcher.close();
  });
});
