import { beforeAll, describe, expect, it } from 'vitest';
import { buildCliWhenStale, type CliResult, runCli } from './support/cli.js';

/** One invocation as a reader would see it in a terminal: the command, its exit code, what it printed. */
function transcript(args: readonly string[], result: CliResult): string {
  const lines = [
    `$ rampkit ${args.join(' ')}`.trimEnd(),
    `[exit ${result.code}]`,
    '--- stdout',
    result.stdout,
  ];
  if (result.stderr !== '') lines.push('--- stderr', result.stderr);
  return lines.join('\n');
}

/** Runs the invocations a few at a time: each is a fresh process. */
async function transcripts(invocations: ReadonlyArray<readonly string[]>): Promise<string> {
  const results: string[] = [];
  for (let i = 0; i < invocations.length; i += 4) {
    const batch = invocations.slice(i, i + 4);
    const done = await Promise.all(batch.map((args) => runCli(args)));
    results.push(...done.map((result, j) => transcript(batch[j] as readonly string[], result)));
  }
  return `${results.join('\n')}\n`;
}

/** The commands `rampkit --help` lists, e.g. `rollout run`. */
function listedCommands(overview: string): string[] {
  const section = overview.split('\nCommands:\n')[1]?.split('\n\n')[0] ?? '';
  return section
    .split('\n')
    .filter((line) => /^ {2}\S/.test(line))
    .map((line) => (line.trim().split(/\s+(?=[<[])|\s{2,}/)[0] as string).trim());
}

beforeAll(() => buildCliWhenStale());

// The files under __snapshots__ hold what the CLI printed before its commands were reorganised
// (issue #21): help, parsing and exit codes are a contract that scripts and pipelines rely on.
describe('help and usage errors are the contract scripts rely on', () => {
  it('`rampkit --help`, each group and every command it lists print what they always did', async () => {
    const overview = await runCli(['--help']);
    const commands = listedCommands(overview.stdout);
    expect(commands).toHaveLength(31);
    const invocations = [
      ['--help'],
      ['flags', '--help'],
      ['rollout', '--help'],
      ['help', 'report'],
      ...commands.map((command) => [...command.split(' '), '--help']),
    ];
    await expect(await transcripts(invocations)).toMatchFileSnapshot('__snapshots__/help.txt');
    // One process per command (~31): about 20 s on an idle machine.
  }, 120_000);

  it('every way of asking for help prints the same page', async () => {
    const [bare, short, word, overview, wordCommand, optionCommand] = await Promise.all(
      [[], ['-h'], ['help'], ['--help'], ['help', 'rollout', 'run'], ['rollout', 'run', '--help']].map(
        (args) => runCli(args),
      ),
    );
    for (const same of [bare, short, word]) expect(same?.stdout).toBe(overview?.stdout);
    expect(wordCommand?.stdout).toBe(optionCommand?.stdout);
  });

  it('usage errors name the problem, point at --help and exit 2', async () => {
    const invocations = [
      ['frobnicate'],
      ['flags'],
      ['rollout', 'frobnicate'],
      ['--bogus'],
      ['help', 'frobnicate'],
      ['flags', 'get'],
      ['flags', 'list', 'extra'],
      ['flags', 'list', '--bogus'],
      ['rollout', 'run', 'plan.yaml', '--timeout'],
      ['rollout', 'list', '--active=yes'],
      ['flags', 'get', '--json'],
      ['flags', 'list'],
      ['demo', '--time-scale', 'zero'],
      ['demo', '--redis', 'http://127.0.0.1:6379'],
      ['flags', 'list', '--store', 'ftp://example.com'],
    ];
    await expect(await transcripts(invocations)).toMatchFileSnapshot('__snapshots__/usage-errors.txt');
  });
});
