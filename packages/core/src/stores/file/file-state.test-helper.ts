import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { FlagsConfig } from '../../model/types.js';
import { FileStateStore } from './file-state-store.js';

/* Helpers shared by the tests that open a file state store as separate CLI commands would. */

/** Fresh folders for one test file's flags files, removed after each test. */
export function tempFolders(prefix: string): () => string {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };
}

/** A store as one CLI command opens it: a new instance, not watching. */
export function openFresh(dir: string): FileStateStore {
  return new FileStateStore({ path: join(dir, 'flags.json'), watch: false });
}

/** One boolean flag, `demo`, on or off. */
export function demoConfig(enabled: boolean): FlagsConfig {
  return {
    flags: [
      {
        key: 'demo',
        enabled,
        variations: { on: true, off: false },
        offVariation: 'off',
        fallthrough: { variation: 'on' },
      },
    ],
  } as FlagsConfig;
}
