import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildCliWhenStale,
  CLI_BIN,
  CLI_DIR,
  canaryFlag,
  expectExit,
  runCli,
  tempDir,
} from './support/cli.js';

/** `node --import` it to log the URL of every module the process loads (to $RAMPKIT_MODULE_LOG). */
const PRELOAD = new URL('./support/module-log/preload.mjs', import.meta.url).href;
const DIST = pathToFileURL(join(CLI_DIR, 'dist')).href;

const work = tempDir('light-commands');
let logs = 0;

interface Loaded {
  urls: string[];
  /** The text of every file of the CLI's build the process loaded (its chunks are named by hash). */
  cliCode: string;
}

/** The heavy parts a one-line command must not load, each with how to see it among loaded modules. */
const HEAVY: Record<string, (loaded: Loaded) => boolean> = {
  express: (loaded) => loaded.urls.some((url) => url.includes('/node_modules/express/')),
  'the report renderer': (loaded) => loaded.cliCode.includes('function renderReportHtml('),
  'the demo': (loaded) => loaded.cliCode.includes('function runDemo('),
};

/** Runs `run` with the module log's environment and reads back what was loaded. */
async function loadedBy(run: (env: Record<string, string>) => Promise<void> | void): Promise<Loaded> {
  const log = join(work.dir, `modules-${++logs}.log`);
  writeFileSync(log, '');
  await run({ RAMPKIT_MODULE_LOG: log });
  const urls = [...new Set(readFileSync(log, 'utf8').split('\n').filter(Boolean))];
  const cliCode = urls
    .filter((url) => url.startsWith(DIST))
    .map((url) => readFileSync(fileURLToPath(url), 'utf8'))
    .join('\n');
  return { urls, cliCode };
}

beforeAll(async () => {
  await buildCliWhenStale();
  writeFileSync(join(work.dir, 'flags.json'), JSON.stringify({ flags: [canaryFlag('checkout')] }));
  writeFileSync(
    join(work.dir, 'plan.yaml'),
    [
      'flag: checkout',
      'strategy: canary',
      'steps:',
      '  - weight: 10',
      '    hold: 1m',
      '  - weight: 100',
      '',
    ].join('\n'),
  );
});
afterAll(() => work.remove());

describe('a one-line command loads neither Express (the demo) nor the report renderer', () => {
  it('the module log sees both where they are loaded: @rampkit/cli’s entry point', async () => {
    const script = join(work.dir, 'import-entry.mjs');
    writeFileSync(script, `await import(${JSON.stringify(`${DIST}/index.js`)});\n`);
    const loaded = await loadedBy((env) => {
      execFileSync(process.execPath, ['--import', PRELOAD, script], { env: { ...process.env, ...env } });
    });
    for (const [name, seen] of Object.entries(HEAVY)) expect(seen(loaded), name).toBe(true);
  });

  it.each([
    [['--help']],
    [['rollout', 'run', '--help']],
    [['flags', 'validate', 'flags.json']],
    [['flags', 'list', '--store', 'file:flags.json']],
    [['rollout', 'validate', 'plan.yaml', '--store', 'file:flags.json']],
    [['rollout', 'list', '--store', 'file:flags.json']],
  ])('rampkit %j', async (args) => {
    const loaded = await loadedBy(async (env) => {
      const nodeOptions = `${process.env.NODE_OPTIONS ?? ''} --import=${PRELOAD}`.trim();
      expectExit(await runCli(args, { cwd: work.dir, env: { ...env, NODE_OPTIONS: nodeOptions } }), 0);
    });
    expect(loaded.urls).toContain(pathToFileURL(CLI_BIN).href);
    for (const [name, seen] of Object.entries(HEAVY)) expect(seen(loaded), name).toBe(false);
  });
});
