/**
 * Reads the fenced blocks of the doc pages and the `doc-test` markers in front of them, and matches
 * quoted output against what a command printed. The convention (also in docs/README.md):
 *
 *   <!-- doc-test: run -->                 the sh block below is run, line by line, in the page's folder
 *   <!-- doc-test: run tty -->             the same, on a pseudo-terminal (what a person sees)
 *   <!-- doc-test: run, stop at "TEXT" --> the same, interrupted (Ctrl-C) once TEXT has been printed
 *   <!-- doc-test: file NAME -->           the block below is written to NAME in the page's folder
 *   <!-- doc-test: output -->              the block below appears in the output of the page's last run
 *   <!-- doc-test: install from a clone --> run by test/packaging/pack-install.test.ts, in a new app
 *   <!-- doc-test: not run: REASON -->     a command that cannot run here, and why
 *
 * In quoted output, numbers, durations (`6m13s`) and times stand for any value, a run of spaces for
 * any run of spaces (columns move with the numbers), and `…` for any text.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface DocBlock {
  /** The page, relative to the repository root, e.g. `docs/getting-started.md`. */
  page: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** The fence's info string: `sh`, `json`, `` (plain text)… */
  lang: string;
  text: string;
  /** The marker's text after `doc-test:`, or null when the block has none. */
  marker: string | null;
}

/** The pages whose blocks are checked: the root README, every page under docs/, each package README. */
export function docPages(): string[] {
  const docs = readdirSync(join(REPO_ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`);
  const packages = readdirSync(join(REPO_ROOT, 'packages')).map((name) => `packages/${name}/README.md`);
  return ['README.md', ...docs, ...packages];
}

const MARKER = /^<!--\s*doc-test:\s*(.*?)\s*-->$/;

/** Every fenced block of a page, with the marker on the line right above it. */
export function readBlocks(page: string): DocBlock[] {
  const lines = readFileSync(join(REPO_ROOT, page), 'utf8').split('\n');
  const blocks: DocBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)\s*$/.exec(lines[i] as string);
    if (open === null) continue;
    const start = i;
    const body: string[] = [];
    for (i += 1; i < lines.length && !/^```\s*$/.test(lines[i] as string); i++) body.push(lines[i] as string);
    const above = start > 0 ? MARKER.exec((lines[start - 1] as string).trim()) : null;
    blocks.push({
      page,
      line: start + 1,
      lang: open[1] as string,
      text: body.join('\n'),
      marker: above === null ? null : (above[1] as string),
    });
  }
  return blocks;
}

/** Where a block is, for messages: `docs/getting-started.md:28`. */
export function where(block: DocBlock): string {
  return `${block.page}:${block.line}`;
}

/** The commands of a sh block: comments dropped, `\` continuations joined. */
export function commandsOf(block: DocBlock): string[] {
  const commands: string[] = [];
  let pending = '';
  for (const raw of block.text.split('\n')) {
    const line = raw.replace(/\s+#.*$/, '').replace(/^#.*$/, '');
    if (line.trimEnd().endsWith('\\')) {
      pending += `${line.trimEnd().slice(0, -1)} `;
      continue;
    }
    const command = `${pending}${line}`.trim();
    pending = '';
    if (command !== '') commands.push(command);
  }
  return commands;
}

const NUMBER = String.raw`\d[\d,]*(?:\.\d+)?(?:e[+-]?\d+)?`;
const DURATION = String.raw`\d+(?:ms|h|m|s)(?:\d+(?:ms|m|s))*`;
const TIMESTAMP = String.raw`\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z`;

/** One quoted line as a pattern, by the rules in this file's comment. */
export function linePattern(quoted: string): RegExp {
  const token = new RegExp(`(${TIMESTAMP})|(${DURATION})(?![\\w.])|(${NUMBER})|( +)|(…)`, 'gy');
  let source = '';
  let rest = 0;
  const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  for (let i = 0; i < quoted.length; ) {
    token.lastIndex = i;
    const match = token.exec(quoted);
    if (match === null) {
      i += 1;
      continue;
    }
    source += literal(quoted.slice(rest, i));
    if (match[1] !== undefined) source += TIMESTAMP;
    else if (match[2] !== undefined) source += `(?:${DURATION})`;
    else if (match[3] !== undefined) source += `(?:${NUMBER})`;
    else if (match[4] !== undefined) source += ' +';
    else source += '.*?';
    i += match[0].length;
    rest = i;
  }
  source += literal(quoted.slice(rest));
  return new RegExp(`^\\s*${source}\\s*$`, 'u');
}

/**
 * Where the quoted lines appear in `output` as consecutive lines, or -1. Blank quoted lines match
 * blank output lines.
 */
export function findQuote(quote: string, output: string): number {
  const wanted = quote.split('\n').map(linePattern);
  const lines = output.split('\n');
  for (let start = 0; start + wanted.length <= lines.length; start++) {
    if (wanted.every((pattern, k) => pattern.test(lines[start + k] as string))) return start;
  }
  return -1;
}

/** Why a quote is not in the output: the first quoted line that matches no line at all, if any. */
export function explainMissingQuote(quote: string, output: string): string {
  const lines = output.split('\n');
  for (const quoted of quote.split('\n')) {
    const pattern = linePattern(quoted);
    if (!lines.some((line) => pattern.test(line))) return `no output line matches ${JSON.stringify(quoted)}`;
  }
  return 'each quoted line appears, but not together in this order';
}

export function relativeToRepo(path: string): string {
  return relative(REPO_ROOT, path);
}
