import { randomUUID } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `content` (byte chunks, written one by one) to `path` so that readers see either the old
 * file or the new one, never a partial write: the bytes go to a temporary file in the same
 * directory (rename is atomic only within one filesystem), flushed to the disk, which is then
 * renamed over the target. Without the flush, a crash soon after the rename could leave an empty
 * file on some filesystems.
 */
export async function writeFileAtomic(path: string, content: readonly Uint8Array[]): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomUUID()}.tmp`);
  try {
    const handle = await open(temp, 'wx');
    try {
      for (const chunk of content) await handle.writeFile(chunk);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}
