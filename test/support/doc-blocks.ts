/**
 * Reads the fenced blocks of the doc pages and the `doc-test` markers in front of them, and matches
 * quoted output against what a command printed. docs/README.md describes the markers for writers:
 *
 *   <!-- doc-test: run -->                   the sh block below runs, command by command, in the page's folder
 *   <!-- doc-test: run tty -->               the same on a pseudo-terminal, as a person sees it
 *   <!-- doc-test: run, stop at "TEXT" -->   the same, interrupted (Ctrl-C) once TEXT is printed
 *   <!-- doc-test: file NAME -->             the block below is written to NAME in the page's folder
 *   <!-- doc-test: output -->                the block below appears in the output of the page's last run
 *   <!-- doc-test: output of "CMD" -->       the block below appears in what CMD prints
 *   <!-- doc-test: install from a clone (in the clone | in your app) -->   test/packaging runs these
 *   <!-- doc-test: not run: REASON -->       a command that cannot run here, and why
 *
 * `run` and `output of` take options after commas: `in fixture NAME` (copy test/docs/fixtures/NAME
 * into the page's folder first), `with NAME=value …` (environment), `exit N` (the exit code).
 *
 * In quoted output, numbers, durations (`6m13s`) and times stand for any value, a run of spaces for
 * any run of spaces (columns move with the numbers), and `…` for any text. `output` and `output of`
 * take `literal "TEXT"`: that text is matched as written, numbers included.
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
      pending += `${line.trimEnd().slice(0, -1).trim()} `;
      continue;
    }
    const command = `${pending}${line.trim()}`.trim();
    pending = '';
    if (command !== '') commands.push(command);
  }
  return commands;
}

const NUMBER = String.raw`\d[\d,]*(?:\.\d+)?(?:e[+-]?\d+)?`;
const DURATION = String.raw`\d+(?:ms|h|m|s)(?:\d+(?:ms|m|s))*`;
const TIMESTAMP = String.raw`\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z`;

/** One quoted line as a pattern, by the rules in this file's comment. */
export function linePattern(quoted: string, literals: readonly string[] = []): RegExp {
  const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const exact = literals.filter((text) => quoted.includes(text));
  if (exact.length > 0) {
    // Text the marker names with `literal "…"` is matched as written, numbers included.
    const parts = quoted.split(new RegExp(`(${exact.map(literal).join('|')})`));
    const source = parts
      .map((part, k) => (k % 2 === 1 ? literal(part) : linePattern(part).source.slice(4, -4)))
      .join('');
    return new RegExp(`^\\s*${source}\\s*$`, 'u');
  }
  const token = new RegExp(`( +… +)|(${TIMESTAMP})|(${DURATION})(?![\\w.])|(${NUMBER})|( +)|(…)`, 'gy');
  let source = '';
  let rest = 0;
  for (let i = 0; i < quoted.length; ) {
    token.lastIndex = i;
    const match = token.exec(quoted);
    if (match === null) {
      i += 1;
      continue;
    }
    source += literal(quoted.slice(rest, i));
    // An elided part between spaces may be empty: "failed: … canary" matches "failed: canary".
    if (match[1] !== undefined) source += '(?: +.*? +| +)';
    else if (match[2] !== undefined) source += TIMESTAMP;
    else if (match[3] !== undefined) source += `(?:${DURATION})`;
    else if (match[4] !== undefined) source += `(?:${NUMBER})`;
    else if (match[5] !== undefined) source += ' +';
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
export function findQuote(quote: string, output: string, literals: readonly string[] = []): number {
  const wanted = quote.split('\n').map((line) => linePattern(line, literals));
  const lines = output.split('\n');
  for (let start = 0; start + wanted.length <= lines.length; start++) {
    if (wanted.every((pattern, k) => pattern.test(lines[start + k] as string))) return start;
  }
  return -1;
}

/** Why a quote is not in the output: the first quoted line that matches no line at all, if any. */
export function explainMissingQuote(quote: string, output: string, literals: readonly string[] = []): string {
  const lines = output.split('\n');
  for (const quoted of quote.split('\n')) {
    const pattern = linePattern(quoted, literals);
    if (!lines.some((line) => pattern.test(line))) return `no output line matches ${JSON.stringify(quoted)}`;
  }
  return 'each quoted line appears, but not together in this order';
}

export function relativeToRepo(path: string): string {
  return relative(REPO_ROOT, path);
}

export type Marker =
  | {
      kind: 'run';
      tty: boolean;
      stopAt?: string;
      fixture?: string;
      env: Record<string, string>;
      exit: number;
    }
  | { kind: 'file'; name: string }
  | { kind: 'output'; literals: string[] }
  | {
      kind: 'output of';
      command: string;
      fixture?: string;
      env: Record<string, string>;
      exit: number;
      literals: string[];
    }
  | { kind: 'install from a clone'; where: string }
  | { kind: 'not run'; reason: string };

/** A marker's meaning; throws on one this convention does not know, naming where it is. */
export function parseMarker(block: DocBlock): Marker | null {
  const text = block.marker;
  if (text === null) return null;
  const fail = (why: string): never => {
    throw new Error(`${where(block)}: <!-- doc-test: ${text} -->: ${why}`);
  };
  const notRun = /^not run: (.+)$/.exec(text);
  if (notRun !== null) return { kind: 'not run', reason: notRun[1] as string };
  const install = /^install from a clone \((.+)\)$/.exec(text);
  if (install !== null) return { kind: 'install from a clone', where: install[1] as string };
  const file = /^file (\S+)$/.exec(text);
  if (file !== null) return { kind: 'file', name: file[1] as string };
  const [head, ...options] = splitOptions(text);
  const env: Record<string, string> = {};
  let fixture: string | undefined;
  let stopAt: string | undefined;
  let exit: number | undefined;
  const literals: string[] = [];
  for (const option of options) {
    const fixtureMatch = /^in fixture (\S+)$/.exec(option);
    const withMatch = /^with (.+)$/.exec(option);
    const stopMatch = /^stop at "(.+)"$/.exec(option);
    const exitMatch = /^exit (\d+)$/.exec(option);
    const literalMatch = /^literal "(.+)"$/.exec(option);
    if (fixtureMatch !== null) fixture = fixtureMatch[1] as string;
    else if (stopMatch !== null) stopAt = stopMatch[1] as string;
    else if (exitMatch !== null) exit = Number(exitMatch[1]);
    else if (literalMatch !== null) literals.push(literalMatch[1] as string);
    else if (withMatch !== null)
      for (const pair of (withMatch[1] as string).split(/\s+/)) {
        const [name, ...value] = pair.split('=');
        env[name as string] = value.join('=');
      }
    else fail(`unknown option "${option}"`);
  }
  const fixtureOption = fixture === undefined ? {} : { fixture };
  if (head === 'run' || head === 'run tty') {
    // An interrupted command exits 130, as docs/cli.md says of Ctrl-C.
    const stopOption = stopAt === undefined ? {} : { stopAt };
    return {
      kind: 'run',
      tty: head === 'run tty',
      env,
      exit: exit ?? (stopAt === undefined ? 0 : 130),
      ...stopOption,
      ...fixtureOption,
    };
  }
  if (head === 'output') return { kind: 'output', literals };
  const outputOf = /^output of "(.+)"$/.exec(head as string);
  if (outputOf !== null)
    return {
      kind: 'output of',
      command: outputOf[1] as string,
      env,
      exit: exit ?? 0,
      literals,
      ...fixtureOption,
    };
  return fail('not a doc-test marker (see test/support/doc-blocks.ts)');
}

/** `a, b "c, d", e` → [`a`, `b "c, d"`, `e`]: commas inside quotes do not split. */
function splitOptions(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    if (char === ',' && !quoted) {
      parts.push(current.trim());
      current = '';
    } else current += char;
  }
  parts.push(current.trim());
  return parts;
}
