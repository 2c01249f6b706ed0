import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCliWhenStale, canaryFlag, expectExit, runCli, tempDir, writeJson } from './support/cli.js';

const work = tempDir('flags');
const store = `file:${join(work.dir, 'flags.json')}`;

beforeAll(async () => {
  await buildCliWhenStale();
  writeFileSync(
    join(work.dir, 'flags.yaml'),
    [
      'flags:',
      '  - key: checkout',
      '    kind: canary',
      '    variations: { canary: v2, stable: v1 }',
      '    offVariation: stable',
      '    fallthrough: { variation: stable }',
      '  - key: new-ui',
      '    variations: { "on": true, "off": false }',
      '    offVariation: "off"',
      '    fallthrough:',
      '      split: { weights: [{ variation: "on", weight: 2500 }, { variation: "off", weight: 7500 }] }',
      '',
    ].join('\n'),
  );
});
afterAll(() => work.remove());

describe('flags set, list and get against a file store', () => {
  it('creates the flags file from YAML and reports what it added', async () => {
    const result = await runCli(['flags', 'set', join(work.dir, 'flags.yaml'), '--store', store, '--json']);
    expectExit(result, 0);
    expect(JSON.parse(result.stdout)).toEqual({
      version: 1,
      dryRun: false,
      added: ['checkout', 'new-ui'],
      updated: [],
      removed: [],
      unchanged: [],
    });
    const file = JSON.parse(readFileSync(join(work.dir, 'flags.json'), 'utf8'));
    expect(file.flags.map((flag: { key: string }) => flag.key)).toEqual(['checkout', 'new-ui']);
  });

  it('lists the flags as a table and as JSON', async () => {
    const table = await runCli(['flags', 'list', '--store', store]);
    expectExit(table, 0);
    expect(table.stdout).toMatch(/KEY\s+ENABLED\s+KIND\s+SERVES/);
    expect(table.stdout).toMatch(/new-ui\s+on\s+flag\s+on 25% \/ off 75%/);
    const json = await runCli(['flags', 'list', '--json'], { env: { RAMPKIT_STORE: store } });
    expectExit(json, 0);
    expect(JSON.parse(json.stdout)).toMatchObject({ flags: [{ key: 'checkout' }, { key: 'new-ui' }] });
  });

  it('gets one flag, and exits 2 naming the flags there are for an unknown key', async () => {
    const found = await runCli(['flags', 'get', 'checkout', '--store', store, '--json']);
    expectExit(found, 0);
    expect(JSON.parse(found.stdout)).toMatchObject({ key: 'checkout', fallthrough: { variation: 'stable' } });
    const yaml = await runCli(['flags', 'get', 'checkout', '--store', store]);
    expect(yaml.stdout).toContain('offVariation: stable');
    const missing = await runCli(['flags', 'get', 'nope', '--store', store, '--json']);
    expectExit(missing, 2);
    expect(missing.stderr).toContain('no flag "nope"');
    expect(missing.stderr).toContain('checkout, new-ui');
    expect(JSON.parse(missing.stdout)).toMatchObject({ error: { code: 'RAMPKIT_FLAG_NOT_FOUND' } });
  });

  it('disables and enables a flag, bumping its version once per change', async () => {
    const off = await runCli(['flags', 'disable', 'new-ui', '--store', store, '--json']);
    expectExit(off, 0);
    expect(JSON.parse(off.stdout)).toMatchObject({ key: 'new-ui', enabled: false, changed: true });
    const again = await runCli(['flags', 'disable', 'new-ui', '--store', store]);
    expect(again.stdout).toContain('new-ui was already disabled');
    const flag = JSON.parse((await runCli(['flags', 'get', 'new-ui', '--store', store, '--json'])).stdout);
    expect(flag).toMatchObject({ enabled: false, version: 2 });
    const on = await runCli(['flags', 'enable', 'new-ui', '--store', store, '--json']);
    expect(JSON.parse(on.stdout)).toMatchObject({ enabled: true, changed: true });
  });

  it('adds an inline flag, and refuses an invalid one whole, naming the flag and the field', async () => {
    const added = await runCli([
      'flags',
      'set',
      '--inline',
      JSON.stringify(canaryFlag('search')),
      '--store',
      store,
    ]);
    expectExit(added, 0);
    expect(added.stdout).toContain('added search');
    const before = readFileSync(join(work.dir, 'flags.json'), 'utf8');
    const bad = {
      ...canaryFlag('search'),
      fallthrough: {
        split: {
          weights: [
            { variation: 'canary', weight: 1000 },
            { variation: 'stable', weight: 8000 },
          ],
        },
      },
    };
    const refused = await runCli([
      'flags',
      'set',
      '--inline',
      JSON.stringify(bad),
      '--store',
      store,
      '--json',
    ]);
    expectExit(refused, 2);
    expect(refused.stderr).toMatch(
      /flags\["search"\]\.fallthrough\.split\.weights: must sum to 10000, got 9000/,
    );
    const error = JSON.parse(refused.stdout).error;
    expect(error.code).toBe('RAMPKIT_INVALID_CONFIG');
    expect(error.issues[0].path).toBe('flags["search"].fallthrough.split.weights');
    expect(readFileSync(join(work.dir, 'flags.json'), 'utf8')).toBe(before);
  });

  it('shows what --replace would remove on a dry run from stdin, writing nothing', async () => {
    const before = readFileSync(join(work.dir, 'flags.json'), 'utf8');
    const result = await runCli(['flags', 'set', '-', '--replace', '--dry-run', '--store', store, '--json'], {
      input: JSON.stringify({ flags: [canaryFlag('checkout')] }),
    });
    expectExit(result, 0);
    expect(JSON.parse(result.stdout)).toMatchObject({ dryRun: true, removed: ['new-ui', 'search'] });
    expect(readFileSync(join(work.dir, 'flags.json'), 'utf8')).toBe(before);
  });
});

describe('flags validate', () => {
  it('accepts a valid file and names the JSON path of each problem in an invalid one', async () => {
    const good = await runCli(['flags', 'validate', join(work.dir, 'flags.yaml')]);
    expectExit(good, 0);
    expect(good.stdout).toContain('valid (2 flags, 0 segments)');
    const badPath = join(work.dir, 'bad.json');
    writeJson(badPath, {
      flags: [{ key: 'x', variations: { a: 1 }, offVariation: 'b', fallthrough: { variation: 'a' } }],
    });
    const bad = await runCli(['flags', 'validate', badPath, '--json']);
    expectExit(bad, 2);
    expect(JSON.parse(bad.stdout).error.issues).toContainEqual(
      expect.objectContaining({ path: 'flags["x"].offVariation' }),
    );
    const broken = join(work.dir, 'broken.yaml');
    writeFileSync(broken, 'flags:\n  - key: [unclosed\n');
    const syntax = await runCli(['flags', 'validate', broken]);
    expectExit(syntax, 2);
    expect(syntax.stderr).toMatch(/not valid YAML \(line \d+\)/);
  });

  it('reads a JSON file that starts with a byte-order mark, and refuses a key given twice with its path', async () => {
    const flag =
      '{"key": "a", "variations": {"on": true, "off": false}, "offVariation": "off", "fallthrough": {"variation": "on"}}';
    const marked = join(work.dir, 'marked.json');
    writeFileSync(marked, `\ufeff{"flags": [${flag}]}\n`);
    expectExit(await runCli(['flags', 'validate', marked]), 0);
    const listed = await runCli(['flags', 'list', '--store', `file:${marked}`, '--json']);
    expectExit(listed, 0);
    expect(JSON.parse(listed.stdout).flags).toHaveLength(1);

    const twice = join(work.dir, 'twice.json');
    writeFileSync(twice, `{"flags": [${flag.replace('"off": false', '"off": false, "on": false')}]}\n`);
    const refused = await runCli(['flags', 'validate', twice, '--json']);
    expectExit(refused, 2);
    expect(JSON.parse(refused.stdout).error.issues).toEqual([
      {
        path: 'flags[0].variations.on',
        message: 'duplicate key at line 1 column 66, first at line 1 column 40',
      },
    ]);
    const asStore = await runCli(['flags', 'list', '--store', `file:${twice}`]);
    expectExit(asStore, 2);
    expect(asStore.stderr).toContain('flags[0].variations.on: duplicate key');
  });

  it("validates the store's configuration when no file is given", async () => {
    const result = await runCli(['flags', 'validate', '--store', store]);
    expectExit(result, 0);
    expect(result.stdout).toContain(`${store}: valid (3 flags`);
  });
});

describe('usage and store errors exit 2 and 3 with clear messages', () => {
  it('exits 2 without a store, for a bad store URL, an unknown option or command, or a missing argument', async () => {
    const none = await runCli(['flags', 'list']);
    expectExit(none, 2);
    expect(none.stderr).toContain('no store: pass --store');
    const scheme = await runCli(['flags', 'list', '--store', 'ftp://example']);
    expectExit(scheme, 2);
    expect(scheme.stderr).toContain('is not a store URL');
    const option = await runCli(['flags', 'list', '--bogus', '--store', store]);
    expectExit(option, 2);
    expect(option.stderr).toContain('flags list: unknown option --bogus');
    expect(option.stderr).toContain('rampkit flags list --help');
    const command = await runCli(['flags', 'delete', 'x']);
    expectExit(command, 2);
    expect(command.stderr).toContain('unknown command "flags delete"');
    const missing = await runCli(['flags', 'get', '--store', store]);
    expectExit(missing, 2);
    expect(missing.stderr).toContain('flags get: missing <key>');
  });

  it('exits 3 when the flags file folder does not exist', async () => {
    const result = await runCli([
      'flags',
      'list',
      '--store',
      `file:${join(work.dir, 'no', 'such', 'flags.json')}`,
    ]);
    expectExit(result, 3);
    expect(result.stderr).toMatch(/store file:.*flags\.json is unreachable: folder .* does not exist/);
  });
});
