/**
 * The commands the docs show, run as written, and the output they quote, found in what those
 * commands print; so a page cannot drift from the code again. The markers that say what to run are
 * described in test/support/doc-blocks.ts and docs/README.md.
 *
 * Commands run in a fresh folder per page, under the repository's .rampkit-tmp/ so that a script
 * there resolves the workspace's packages. `npx` is a stand-in (below) that maps the docs' `npx`
 * commands onto this clone's build: nothing is published yet, and `pnpm test` has installed and
 * built the clone before the tests run.
 */
import { spawn } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCliWhenStale, CLI_BIN } from '../cli/support/cli.js';
import {
  commandsOf,
  type DocBlock,
  docPages,
  explainMissingQuote,
  findQuote,
  type Marker,
  parseMarker,
  REPO_ROOT,
  readBlocks,
  where,
} from '../support/doc-blocks.js';
import { runOnTerminal, type Screen } from './support/terminal.js';

const PNPM = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).packageManager as string;
/** The demo on `--fast` (time ×60, about 20 s) instead of the default ten-fold clock. */
const DEMO = `"${process.execPath}" "${CLI_BIN}" demo --fast`;
/** Wide enough that the event lines the pages quote are not cut (the CLI cuts lines to the terminal). */
const COLUMNS = 120;

const tmp = join(REPO_ROOT, '.rampkit-tmp');
let shims: string;

beforeAll(async () => {
  await buildCliWhenStale();
  mkdirSync(tmp, { recursive: true });
  shims = mkdtempSync(join(tmp, 'doc-shims-'));
  const npx = join(shims, 'npx');
  writeFileSync(
    npx,
    `#!/usr/bin/env bash
# npx as the docs use it, on this clone: rampkit is the built CLI, and pnpm's install and build were
# done by \`pnpm test\` before the tests ran. Anything else is a command the docs test cannot run.
case "$1 $2" in
  "rampkit "*) shift; exec "${process.execPath}" "${CLI_BIN}" "$@" ;;
esac
case "$*" in
  "--yes ${PNPM} demo") exec ${DEMO} ;;
  "--yes ${PNPM} install"|"--yes ${PNPM} build") echo "(done by pnpm test before this test)"; exit 0 ;;
esac
echo "docs test: no stand-in for npx $*" >&2
exit 127
`,
  );
  chmodSync(npx, 0o755);
}, 200_000);

afterAll(() => rmSync(shims, { recursive: true, force: true }));

function envFor(marker: { env: Record<string, string> }): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${shims}:${process.env.PATH}`, ...marker.env };
  delete env.RAMPKIT_STORE;
  delete env.NO_COLOR;
  if (marker.env.RAMPKIT_STORE !== undefined) env.RAMPKIT_STORE = marker.env.RAMPKIT_STORE;
  return env;
}

interface Ran {
  code: number | null;
  output: string;
}

/** Runs one command through bash with piped output; `stopAt` sends Ctrl-C once that text is printed. */
function runPiped(command: string, cwd: string, env: NodeJS.ProcessEnv, stopAt?: string): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', command], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    let stopped = false;
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (stopAt !== undefined && !stopped && output.includes(stopAt)) {
        stopped = true;
        // To the whole process group, as a terminal's Ctrl-C does.
        process.kill(-(child.pid as number), 'SIGINT');
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = setTimeout(() => process.kill(-(child.pid as number), 'SIGKILL'), 120_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

const outputBlocks = (blocks: DocBlock[], from: number): DocBlock[] => {
  const found: DocBlock[] = [];
  for (let i = from + 1; i < blocks.length; i++) {
    const marker = parseMarker(blocks[i] as DocBlock);
    if (marker?.kind === 'run') break;
    if (marker?.kind === 'output') found.push(blocks[i] as DocBlock);
  }
  return found;
};

/** Why a quote is missing from what was printed, or null when it is there. */
function missingQuote(quote: DocBlock, output: string, when = 'in what the commands printed'): string | null {
  const literals = literalsOf(quote);
  if (findQuote(quote.text, output, literals) >= 0) return null;
  return `${where(quote)}: the quoted output is not ${when}: ${explainMissingQuote(quote.text, output, literals)}\n--- printed ---\n${output}`;
}

function literalsOf(quote: DocBlock): string[] {
  const marker = parseMarker(quote);
  return marker?.kind === 'output' || marker?.kind === 'output of' ? marker.literals : [];
}

/** Runs a page's marked blocks in order, in a folder of its own. */
async function checkPage(page: string): Promise<number> {
  const blocks = readBlocks(page);
  const dir = mkdtempSync(join(tmp, `doc-${page.replace(/\W+/g, '-')}-`));
  const missing: string[] = [];
  let checked = 0;
  try {
    for (const [index, block] of blocks.entries()) {
      const marker = parseMarker(block);
      if (marker === null) continue;
      if (marker.kind === 'file') {
        mkdirSync(dirname(join(dir, marker.name)), { recursive: true });
        writeFileSync(join(dir, marker.name), `${block.text}\n`);
      } else if (marker.kind === 'run') {
        seedFixture(marker, dir);
        const quotes = outputBlocks(blocks, index);
        if (marker.tty) missing.push(...(await runTty(block, marker, dir, quotes)));
        else {
          let output = '';
          for (const command of commandsOf(block)) {
            const ran = await runPiped(command, dir, envFor(marker), marker.stopAt);
            output += ran.output;
            expect(ran.code, `${where(block)}: \`${command}\` exited ${ran.code}\n${ran.output}`).toBe(
              marker.exit,
            );
            if (marker.stopAt !== undefined) expect(ran.output, where(block)).toContain(marker.stopAt);
          }
          for (const quote of quotes) missing.push(missingQuote(quote, output) ?? '');
        }
        checked += 1 + quotes.length;
      } else if (marker.kind === 'output of') {
        seedFixture(marker, dir);
        const ran = await runPiped(marker.command, dir, envFor(marker));
        expect(ran.code, `${where(block)}: \`${marker.command}\` exited ${ran.code}\n${ran.output}`).toBe(
          marker.exit,
        );
        missing.push(missingQuote(block, ran.output) ?? '');
        checked += 1;
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const problems = missing.filter((problem) => problem !== '');
  if (problems.length > 0) throw new Error(problems.join('\n\n'));
  return checked;
}

function seedFixture(marker: { fixture?: string }, dir: string): void {
  if (marker.fixture !== undefined)
    cpSync(join(REPO_ROOT, 'test', 'docs', 'fixtures', marker.fixture), dir, { recursive: true });
}

/**
 * A command on a terminal: a quote may show a live block that is redrawn a moment later, so each
 * quote is looked for on the screen after every chunk of output, and found once is enough.
 */
async function runTty(
  block: DocBlock,
  marker: Extract<Marker, { kind: 'run' }>,
  dir: string,
  quotes: DocBlock[],
): Promise<string[]> {
  const pending = new Set(quotes);
  const watch = (screen: Screen) => {
    if (pending.size === 0) return;
    const text = screen.text();
    for (const quote of pending)
      if (findQuote(quote.text, text, literalsOf(quote)) >= 0) pending.delete(quote);
  };
  let last = '';
  for (const command of commandsOf(block)) {
    const ran = await runOnTerminal(command, {
      cwd: dir,
      env: envFor(marker),
      columns: COLUMNS,
      timeoutMs: 120_000,
      watch,
    });
    last = ran.screen.text();
    expect(ran.code, `${where(block)}: \`${command}\` exited ${ran.code}\n${last}`).toBe(marker.exit);
  }
  return [...pending].map(
    (quote) =>
      missingQuote(quote, last, 'on the screen at any moment of the run (the screen at its end follows)') ??
      '',
  );
}

const PAGES = docPages();

describe('every command block of the docs is run by a test, or says why not', () => {
  it.each(PAGES)('%s', (page) => {
    for (const block of readBlocks(page)) {
      const marker = parseMarker(block);
      if (['sh', 'bash', 'shell', 'console'].includes(block.lang))
        expect(marker?.kind, `${where(block)}: a command block without a doc-test marker`).toMatch(
          /^(run|not run|install from a clone)$/,
        );
      if (marker?.kind === 'output' || marker?.kind === 'output of')
        expect(block.lang, `${where(block)}: quoted output is a plain block`).toBe('');
    }
  });
});

const PAGES_WITH_CHECKS = PAGES.filter((page) =>
  readBlocks(page).some((block) => /^(run|file|output)/.test(block.marker ?? '')),
);

describe('the commands of each page run, and print the output it quotes', () => {
  it.each(PAGES_WITH_CHECKS)(
    '%s',
    async (page) => {
      expect(await checkPage(page)).toBeGreaterThan(0);
    },
    240_000,
  );
});
