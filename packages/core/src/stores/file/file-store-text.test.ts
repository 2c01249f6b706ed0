import { writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { isInvalidConfigError } from '../../errors/errors.js';
import {
  eventually,
  flagsFileEachTest,
  flagsServing,
  json,
  record,
  replaceFile,
} from './file-store.test-helper.js';

const file = flagsFileEachTest({ pollIntervalMs: 50, watch: false });
const openStore = file.open;

const BOM = '\ufeff';

describe('a flags file that starts with a UTF-8 byte-order mark is read like any other', () => {
  it('loads it', async () => {
    await writeFile(
      file.path,
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(json(flagsServing('v1')))]),
    );
    expect(await openStore().loadConfig()).toMatchObject({ version: 1, config: flagsServing('v1') });
  });

  it('adding or removing the mark alone is no new version', async () => {
    await writeFile(file.path, json(flagsServing('v1')));
    const store = openStore({ watch: true });
    await store.loadConfig();
    const seen = record(store);
    await replaceFile(file.path, BOM + json(flagsServing('v1')));
    await replaceFile(file.path, BOM + json(flagsServing('v2')));
    await eventually(() => seen.latest()?.version === 2, 'version 2');
    expect(seen.errors).toEqual([]);
    expect(seen.snapshots.map((s) => s.version)).toEqual([2]);
  });

  it('a parser given as an option gets the text without it', async () => {
    await writeFile(file.path, BOM + json(flagsServing('v1')));
    const texts: string[] = [];
    const parse = (text: string): unknown => {
      texts.push(text);
      return JSON.parse(text);
    };
    const store = openStore({ parse });
    expect(await store.loadConfig()).toMatchObject({ version: 1 });
    expect(texts).toEqual([json(flagsServing('v1'))]);
  });
});

describe('a key given twice in one object of a flags file is an issue, with its path', () => {
  const twice = `{
  "flags": [
    {
      "key": "checkout",
      "variations": { "on": "v1", "off": "none", "on": "v2" },
      "offVariation": "off",
      "fallthrough": { "variation": "on" }
    }
  ]
}
`;

  it('a file that never loaded is refused', async () => {
    await writeFile(file.path, twice);
    const error = await openStore()
      .loadConfig()
      .catch((e: unknown) => e);
    expect(isInvalidConfigError(error)).toBe(true);
    expect(error).toMatchObject({
      issues: [
        {
          path: 'flags[0].variations.on',
          message: 'duplicate key at line 5 column 50, first at line 5 column 23',
        },
      ],
    });
    expect((error as Error).message).toContain(file.path);
  });

  it('an edit that repeats a key is reported and the last good configuration stays', async () => {
    await writeFile(file.path, json(flagsServing('v1')));
    const store = openStore({ watch: true });
    const good = await store.loadConfig();
    const seen = record(store);
    await replaceFile(file.path, twice);
    await eventually(() => seen.errors.length > 0, 'the duplicate key report');
    expect(seen.errors[0]?.message).toContain('flags[0].variations.on: duplicate key');
    expect(await store.loadConfig()).toBe(good);
  });
});
