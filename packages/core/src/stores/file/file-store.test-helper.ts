import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import type { ConfigSnapshot, FlagsConfig } from '../../model/types.js';
import { FileStore, type FileStoreOptions } from './file-store.js';

/* Helpers shared by the file-store*.test.ts files. */

export function flagsServing(value: string): FlagsConfig {
  return {
    flags: [
      {
        key: 'checkout',
        variations: { on: value, off: 'none' },
        offVariation: 'off',
        fallthrough: { variation: 'on' },
      },
    ],
  };
}

export const json = (config: FlagsConfig) => `${JSON.stringify(config, null, 2)}\n`;

/** Replaces the file in one step, so a watcher never reads it half-written. */
export async function replaceFile(target: string, text: string): Promise<void> {
  const temp = `${target}.${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(temp, text);
  await rename(temp, target);
}

/** Waits until `check` holds, polling; fails after a bound generous enough for a loaded CI machine. */
export async function eventually(check: () => boolean, what: string, boundMs = 10_000): Promise<void> {
  const deadline = Date.now() + boundMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export function record(store: FileStore) {
  const snapshots: ConfigSnapshot[] = [];
  const errors: Error[] = [];
  store.subscribeConfig(
    (snapshot) => snapshots.push(snapshot),
    (error) => errors.push(error),
  );
  return { snapshots, errors, latest: () => snapshots.at(-1) };
}

/** A fresh folder for a test's flags file; `remove()` deletes it. */
export async function tempFolder(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'rampkit-file-store-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * A fresh `flags.json` path for each test, in a folder of its own, and the stores the test opens on
 * it, closed (and the folder removed) after the test. `open` applies the test file's `defaults`,
 * then the test's own options.
 */
export function flagsFileEachTest(defaults: Partial<FileStoreOptions> = {}) {
  let folder: Awaited<ReturnType<typeof tempFolder>> | undefined;
  const stores: FileStore[] = [];
  const file = {
    dir: '',
    path: '',
    open(options: Partial<FileStoreOptions> = {}): FileStore {
      const store = new FileStore({ path: file.path, ...defaults, ...options });
      stores.push(store);
      return store;
    },
  };
  beforeEach(async () => {
    folder = await tempFolder();
    file.dir = folder.dir;
    file.path = join(folder.dir, 'flags.json');
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
    await folder?.remove();
  });
  return file;
}
