import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuditFile } from './audit-file.js';
import { demoConfig, openFresh, tempFolders } from './file-state.test-helper.js';

// The flags file and audit.json are two files: a write cut off between them (a crash, a full disk)
// is simulated by making one of the audit log's steps fail, then opening the store afresh, as the
// next CLI command would.

const folder = tempFolders('rampkit-audit-crash-');
afterEach(() => vi.restoreAllMocks());

async function write(dir: string, enabled: boolean, reason: string): Promise<number> {
  const store = openFresh(dir);
  try {
    const current = await store.loadConfig();
    const written = await store.writeConfig(demoConfig(enabled), {
      expectedVersion: current?.version ?? 0,
      audit: { actor: 'alice', reason },
    });
    return written.version;
  } finally {
    await store.close();
  }
}

async function history(dir: string): Promise<Array<{ reason?: string; toVersion: number }>> {
  const store = openFresh(dir);
  try {
    return await store.readAudit();
  } finally {
    await store.close();
  }
}

describe('a configuration write cut off between the audit log and the flags file', () => {
  it('cut off after the flags file: the write is in force and so is its entry', async () => {
    const dir = folder();
    await write(dir, true, 'first');
    vi.spyOn(AuditFile.prototype, 'confirmHeld').mockRejectedValue(new Error('crash'));
    expect(await write(dir, false, 'kill switch')).toBe(2);
    vi.restoreAllMocks();
    expect(JSON.parse(readFileSync(join(dir, 'flags.json'), 'utf8')).flags[0].enabled).toBe(false);
    expect(await history(dir)).toMatchObject([
      { reason: 'kill switch', toVersion: 2 },
      { reason: 'first', toVersion: 1 },
    ]);
    // The next write settles the entry for good.
    expect(await write(dir, true, 'fixed')).toBe(3);
    expect((await history(dir)).map((entry) => entry.reason)).toEqual(['fixed', 'kill switch', 'first']);
  });

  it('cut off before the flags file: nothing was written, and the entry it announced does not count', async () => {
    const dir = folder();
    await write(dir, true, 'first');
    const append = AuditFile.prototype.appendPendingHeld;
    vi.spyOn(AuditFile.prototype, 'appendPendingHeld').mockImplementation(async function (
      this: AuditFile,
      ...args
    ) {
      await append.apply(this, args);
      throw new Error('crash');
    });
    await expect(write(dir, false, 'never happened')).rejects.toThrow('crash');
    vi.restoreAllMocks();
    expect(JSON.parse(readFileSync(join(dir, 'flags.json'), 'utf8')).flags[0].enabled).toBe(true);
    // The pending entry is on disk, but no reader shows it, and the next write drops it.
    expect(readFileSync(join(dir, 'flags.json.rampkit', 'audit.json'), 'utf8')).toContain('never happened');
    expect((await history(dir)).map((entry) => entry.reason)).toEqual(['first']);
    expect(await write(dir, false, 'kill switch')).toBe(2);
    expect(await history(dir)).toMatchObject([
      { reason: 'kill switch', toVersion: 2 },
      { reason: 'first', toVersion: 1 },
    ]);
    expect(readFileSync(join(dir, 'flags.json.rampkit', 'audit.json'), 'utf8')).not.toContain(
      'never happened',
    );
  });
});
