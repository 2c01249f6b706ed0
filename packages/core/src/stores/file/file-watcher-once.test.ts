import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually, tempFolder } from './file-store.test-helper.js';
import { watchFile } from './file-watcher.js';

let folder: Awaited<ReturnType<typeof tempFolder>>;
beforeEach(async () => {
  folder = await tempFolder();
});
afterEach(() => folder.remove());

describe('one edit is one change, whether fs.watch or the poll sees it first', () => {
  it('the poll does not report again an edit that fs.watch reported', async () => {
    const path = join(folder.dir, 'flags.json');
    await writeFile(path, '{"flags": []}');
    let changes = 0;
    const stop = watchFile(
      path,
      { pollIntervalMs: 20, debounceMs: 5 },
      () => changes++,
      () => undefined,
    );
    try {
      // The poll records the file as it is before the edit.
      await new Promise((resolve) => setTimeout(resolve, 100));
      await writeFile(`${path}.tmp`, '{"flags": [], "segments": []}');
      await rename(`${path}.tmp`, path);
      await eventually(() => changes >= 1, 'the edit');
      // Ten poll intervals: a poll that had not recorded the edit would have reported it by now.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(changes).toBe(1);
    } finally {
      stop();
    }
  });
});
