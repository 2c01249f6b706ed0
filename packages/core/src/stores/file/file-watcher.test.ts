import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { watchFile } from './file-watcher.js';

// fs.watch misses events on some filesystems; here it fails outright, leaving only the stat poll.
vi.mock('node:fs', async (importOriginal) => ({
  ...(await importOriginal<typeof import('node:fs')>()),
  watch: () => {
    throw Object.assign(new Error('watch unsupported'), { code: 'ENOSYS' });
  },
}));

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rampkit-file-watcher-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function eventually(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('the stat poll backs up fs.watch', () => {
  it('reports that watching failed and still sees changes, including a file appearing', async () => {
    const path = join(dir, 'flags.json');
    let changes = 0;
    const errors: Error[] = [];
    const stop = watchFile(
      path,
      { pollIntervalMs: 20, debounceMs: 5 },
      () => changes++,
      (error) => errors.push(error),
    );
    try {
      expect(errors[0]?.message).toMatch(/polling every 20 ms/);
      // Rewritten until seen: the poll only reports a change from a state it has already recorded.
      let attempt = 0;
      await eventually(() => {
        writeFile(path, `{"attempt": ${attempt++}}`).catch(() => undefined);
        return changes >= 1;
      }, 'the file appearing');
      const seen = changes;
      await writeFile(path, '{"flags": []}');
      await eventually(() => changes > seen, 'the edit');
    } finally {
      stop();
    }
  });
});
