import { readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConflictError, isInvalidConfigError } from '../../errors/errors.js';
import type { FlagsConfig } from '../../model/types.js';
import {
  eventually,
  flagsFileEachTest,
  flagsServing,
  json,
  record,
  replaceFile,
} from './file-store.test-helper.js';

const file = flagsFileEachTest({ pollIntervalMs: 50 });
const openStore = file.open;

describe('a flags file is loaded and versioned in memory', () => {
  it('loads the file as version 1', async () => {
    await writeFile(file.path, json(flagsServing('v1')));
    const snapshot = await openStore({ watch: false }).loadConfig();
    expect(snapshot).toMatchObject({ version: 1, config: flagsServing('v1') });
  });

  it('resolves to null when the file does not exist, and names the file when it is invalid', async () => {
    expect(await openStore({ watch: false }).loadConfig()).toBeNull();
    await writeFile(file.path, '{\n  "flags": [\n    { "key": }\n  ]\n}\n');
    const error = await openStore({ watch: false })
      .loadConfig()
      .catch((e: unknown) => e);
    expect(isInvalidConfigError(error)).toBe(true);
    expect((error as Error).message).toContain(file.path);
  });

  it('counts only real changes: reformatting the file is not a new version', async () => {
    await writeFile(file.path, json(flagsServing('v1')));
    const store = openStore({ watch: false });
    await store.loadConfig();
    await writeFile(file.path, JSON.stringify(flagsServing('v1')));
    expect((await store.loadConfig())?.version).toBe(1);
    await writeFile(file.path, json(flagsServing('v2')));
    expect(await store.loadConfig()).toMatchObject({ version: 2, config: flagsServing('v2') });
  });
});

describe('edits to a watched flags file reach subscribers', () => {
  it('picks up an edit in place', async () => {
    await writeFile(file.path, json(flagsServing('v1')));
    const store = openStore();
    await store.loadConfig();
    const seen = record(store);
    await writeFile(file.path, json(flagsServing('v2')));
    await eventually(() => seen.latest()?.version === 2, 'version 2');
    expect(seen.latest()?.config).toEqual(flagsServing('v2'));
  });

  it('picks up an atomic rename over the file', async () => {
    await writeFile(file.path, json(flagsServing('v1')));
    const store = openStore();
    await store.loadConfig();
    const seen = record(store);
    const temp = join(file.dir, 'flags.json.tmp');
    await writeFile(temp, json(flagsServing('renamed')));
    await rename(temp, file.path);
    await eventually(() => seen.latest()?.version === 2, 'version 2');
    expect(seen.latest()?.config).toEqual(flagsServing('renamed'));
    await writeFile(temp, json(flagsServing('renamed again')));
    await rename(temp, file.path);
    await eventually(() => seen.latest()?.version === 3, 'version 3 (the watch survives the first rename)');
  });

  it('reports an invalid edit with its line and column, keeps the last good snapshot, and recovers', async () => {
    await writeFile(file.path, json(flagsServing('v1')));
    const store = openStore();
    const good = await store.loadConfig();
    const seen = record(store);
    await replaceFile(file.path, '{\n  "flags": [\n');
    await eventually(() => seen.errors.length > 0, 'the parse error');
    expect(isInvalidConfigError(seen.errors[0])).toBe(true);
    expect(seen.errors[0]?.message).toContain(file.path);
    expect(seen.errors[0]?.message).toMatch(/line 3 column 1/);
    expect(await store.loadConfig()).toBe(good);

    const invalid = {
      flags: [{ key: 'x', variations: { on: true }, offVariation: 'missing', fallthrough: {} }],
    };
    await replaceFile(file.path, JSON.stringify(invalid));
    await eventually(() => seen.errors.length > 1, 'the validation error');
    expect(seen.errors[1]?.message).toContain('offVariation');
    expect(await store.loadConfig()).toBe(good);

    await writeFile(file.path, json(flagsServing('v2')));
    await eventually(() => seen.latest()?.version === 2, 'version 2 after the bad edits');
    expect(seen.snapshots.map((s) => s.version)).toEqual([2]);
  });

  it('reports a deleted file without dropping the configuration', async () => {
    await writeFile(file.path, json(flagsServing('v1')));
    const store = openStore();
    const good = await store.loadConfig();
    const seen = record(store);
    await unlink(file.path);
    await eventually(() => seen.errors.length > 0, 'the deletion report');
    expect(seen.errors[0]).toMatchObject({ code: 'RAMPKIT_STORE_UNAVAILABLE' });
    expect(await store.loadConfig()).toBe(good);
  });

  it('stops watching on close', async () => {
    await writeFile(file.path, json(flagsServing('v1')));
    const store = openStore();
    await store.loadConfig();
    const seen = record(store);
    await store.close();
    await writeFile(file.path, json(flagsServing('v2')));
    // Several poll intervals and debounce delays: a live watcher would have delivered by then.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(seen.snapshots).toEqual([]);
    await expect(store.loadConfig()).rejects.toMatchObject({ code: 'RAMPKIT_CLOSED' });
  });
});

describe('writing a flags file is compare-and-set and atomic', () => {
  it('writes, bumps the version and notifies subscribers', async () => {
    const store = openStore();
    const seen = record(store);
    const written = await store.writeConfig(flagsServing('v1'), { expectedVersion: 0 });
    expect(written.version).toBe(1);
    expect(JSON.parse(await readFile(file.path, 'utf8'))).toEqual(flagsServing('v1'));
    await store.writeConfig(flagsServing('v2'), { expectedVersion: 1 });
    await eventually(() => seen.latest()?.version === 2, 'version 2');
    expect(seen.snapshots.map((s) => s.version)).toEqual([1, 2]);
  });

  it('refuses a write when the file changed underneath, and leaves the edit in place', async () => {
    await writeFile(file.path, json(flagsServing('v1')));
    const store = openStore({ watch: false });
    await store.loadConfig();
    await writeFile(file.path, json(flagsServing('edited by hand')));
    const error = await store
      .writeConfig(flagsServing('from code'), { expectedVersion: 1 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ expectedVersion: 1, actualVersion: 2 });
    expect(JSON.parse(await readFile(file.path, 'utf8'))).toEqual(flagsServing('edited by hand'));
  });

  it('refuses to overwrite a hand edit that is not valid yet', async () => {
    await writeFile(file.path, json(flagsServing('v1')));
    const store = openStore({ watch: false });
    await store.loadConfig();
    await writeFile(file.path, '{ "flags": [ half-typed');
    await expect(store.writeConfig(flagsServing('from code'), { expectedVersion: 1 })).rejects.toBeInstanceOf(
      ConflictError,
    );
    expect(await readFile(file.path, 'utf8')).toBe('{ "flags": [ half-typed');
  });

  it('rejects an invalid config without touching the file', async () => {
    await writeFile(file.path, json(flagsServing('v1')));
    const store = openStore({ watch: false });
    await store.loadConfig();
    const invalid = { flags: [{ key: 'x' }] } as unknown as FlagsConfig;
    const error = await store.writeConfig(invalid, { expectedVersion: 1 }).catch((e: unknown) => e);
    expect(isInvalidConfigError(error)).toBe(true);
    expect(await readFile(file.path, 'utf8')).toBe(json(flagsServing('v1')));
  });
});
