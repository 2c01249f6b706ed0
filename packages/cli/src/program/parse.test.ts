import { describe, expect, it } from 'vitest';
import { commandName } from './command.js';
import { UsageError } from './errors.js';
import { parseCommandLine } from './parse.js';
import { COMMANDS } from './registry.js';
import { findRampkitCommands } from './script-commands.js';

function usageMessage(argv: string[]): string {
  try {
    parseCommandLine(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`${argv.join(' ')} parsed`);
}

describe('the parser reads every command of the table', () => {
  it('parses every example in every command’s help', () => {
    for (const spec of COMMANDS) {
      for (const example of spec.examples) {
        const [command] = findRampkitCommands(example);
        expect(command, example).toBeDefined();
        const parsed = parseCommandLine(command?.args ?? []);
        expect(parsed.kind, example).toBe('command');
        if (parsed.kind === 'command') expect(commandName(parsed.spec), example).toBe(commandName(spec));
      }
    }
  });

  it('takes options before or after the command, and the last value of a repeated one', () => {
    const parsed = parseCommandLine([
      '--store',
      'file:a.json',
      'rollout',
      'run',
      'plan.yaml',
      '--wait',
      '--store=file:b.json',
    ]);
    expect(parsed).toMatchObject({
      kind: 'command',
      args: ['plan.yaml'],
      values: { store: 'file:b.json', wait: true },
    });
    expect(parseCommandLine(['--json', 'flags', 'list'])).toMatchObject({
      kind: 'command',
      values: { json: true },
    });
  });

  it('gives a last <key...> argument every word left, and still wants one', () => {
    expect(parseCommandLine(['flags', 'promote', 'a', 'b', 'c', '--from', 'file:a.json'])).toMatchObject({
      kind: 'command',
      args: ['a', 'b', 'c'],
      values: { from: 'file:a.json' },
    });
    expect(usageMessage(['flags', 'promote', '--from', 'file:a.json'])).toBe(
      'flags promote: missing <key...>',
    );
    expect(parseCommandLine(['flags', 'diff'])).toMatchObject({ kind: 'command', args: [] });
    expect(usageMessage(['flags', 'get', 'a', 'b'])).toBe('flags get: unexpected argument "b"');
  });

  it('answers help and version without running anything', () => {
    expect(parseCommandLine([])).toEqual({ kind: 'help' });
    expect(parseCommandLine(['--help'])).toEqual({ kind: 'help' });
    expect(parseCommandLine(['rollout', '--help'])).toEqual({ kind: 'help', group: 'rollout' });
    expect(parseCommandLine(['help', 'rollout', 'run'])).toMatchObject({
      kind: 'help',
      spec: { path: ['rollout', 'run'] },
    });
    expect(parseCommandLine(['rollout', 'run', '-h'])).toMatchObject({
      kind: 'help',
      spec: { path: ['rollout', 'run'] },
    });
    expect(parseCommandLine(['--version'])).toEqual({ kind: 'version' });
  });
});

describe('a wrong command line is a usage error naming what is wrong', () => {
  it('names unknown commands and lists the known ones', () => {
    expect(usageMessage(['deploy'])).toBe(
      'unknown command "deploy"; commands: flags, rollout, experiment, controller, report, dashboard, demo',
    );
    expect(usageMessage(['rollout'])).toMatch(/^rollout: which command\? one of start, run, status/);
    expect(usageMessage(['rollout', 'go'])).toMatch(
      /^unknown command "rollout go"; rollout commands: start, run/,
    );
  });

  it('names unknown options, missing values and missing or extra arguments', () => {
    expect(usageMessage(['rollout', 'run', 'p.yaml', '--wiat'])).toBe('rollout run: unknown option --wiat');
    expect(usageMessage(['rollout', 'run', 'p.yaml', '--timeout'])).toBe(
      'rollout run: option --timeout needs a value',
    );
    expect(usageMessage(['rollout', 'run', 'p.yaml', '--wait=yes'])).toBe(
      'rollout run: option --wait takes no value',
    );
    expect(usageMessage(['rollout', 'run'])).toBe('rollout run: missing <plan>');
    expect(usageMessage(['rollout', 'abort', 'a', 'b'])).toBe('rollout abort: unexpected argument "b"');
  });
});

describe('rampkit commands are found in shell scripts', () => {
  it('follows launchers, quotes, continuations and separators, keeping variables as written', () => {
    const script = [
      'set -e',
      'export RAMPKIT_STORE="$STAGING_REDIS"  # from the CI secrets',
      'npx --yes @rampkit/cli@0.1.0 rollout run deploy/plan.yaml \\',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, as written in a workflow
      '  --wait --id "checkout-${{ github.sha }}" --timeout 45m || exit_code=$?',
      'pnpm exec rampkit rollout rollback \'checkout-$CI_COMMIT_SHA\' --reason "smoke tests failed"; echo done',
      'RAMPKIT_PREFIX=prod: rampkit flags list --json 2>/dev/null | jq ".flags | length"',
      'rampkit report "$ID" --format json > report.json 2>&1',
      'echo rampkit is not called here',
    ].join('\n');
    expect(findRampkitCommands(script).map((command) => command.args)).toEqual([
      [
        'rollout',
        'run',
        'deploy/plan.yaml',
        '--wait',
        '--id',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: kept as written, for the shell to expand
        'checkout-${{ github.sha }}',
        '--timeout',
        '45m',
      ],
      ['rollout', 'rollback', 'checkout-$CI_COMMIT_SHA', '--reason', 'smoke tests failed'],
      ['flags', 'list', '--json'],
      ['report', '$ID', '--format', 'json'],
    ]);
  });
});
