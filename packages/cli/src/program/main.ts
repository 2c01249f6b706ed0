import { readFileSync } from 'node:fs';
import { isRampkitError } from '@rampkit/core';
import { errorMessage } from '@rampkit/core/internal';
import { CommandContext } from './context.js';
import { CliError, UsageError } from './errors.js';
import { EXIT } from './exit-codes.js';
import { commandHelp, groupHelp, overviewHelp } from './help.js';
import { type CliIo, Output } from './output.js';
import { parseCommandLine } from './parse.js';
import { commandOf } from './registry.js';

/**
 * Runs one `rampkit` command line and resolves to its exit code (src/program/exit-codes.ts); it never
 * rejects. Errors are printed on stderr (and, with --json, as `{ "error": { code, message, issues } }`
 * on stdout), with store passwords replaced by `***`.
 */
export async function main(
  argv: readonly string[],
  io: CliIo,
  signal: AbortSignal = new AbortController().signal,
): Promise<number> {
  const json = argv.includes('--json');
  const out = new Output(io, json);
  let ctx: CommandContext | undefined;
  try {
    const parsed = parseCommandLine(argv);
    if (parsed.kind === 'version') {
      io.stdout.write(`${version()}\n`);
      return EXIT.ok;
    }
    if (parsed.kind === 'help') {
      io.stdout.write(
        parsed.spec !== undefined
          ? commandHelp(parsed.spec)
          : parsed.group !== undefined
            ? groupHelp(parsed.group)
            : overviewHelp(),
      );
      return EXIT.ok;
    }
    const command = commandOf(parsed.spec);
    ctx = new CommandContext(parsed.spec, parsed.values, parsed.args, out, signal);
    return await command.run(ctx);
  } catch (error) {
    return report(out, error);
  } finally {
    await ctx?.close().catch(() => undefined);
  }

  function report(output: Output, error: unknown): number {
    const { exitCode, code, message, issues } = describeError(error);
    output.error(`rampkit: ${message}`);
    if (error instanceof UsageError) {
      output.error(
        `Run \`rampkit ${error.command === undefined ? '' : `${error.command} `}--help\` for usage.`,
      );
    }
    if (
      exitCode === EXIT.failed &&
      !(error instanceof CliError) &&
      !isRampkitError(error) &&
      error instanceof Error
    ) {
      output.error(error.stack ?? '');
    }
    if (json) output.data({ error: { code, message, ...(issues === undefined ? {} : { issues }) } });
    return exitCode;
  }
}

interface DescribedError {
  exitCode: number;
  code: string;
  message: string;
  issues?: ReadonlyArray<{ path: string; message: string }>;
}

const USAGE_CODES = new Set([
  'RAMPKIT_INVALID_CONFIG',
  'RAMPKIT_INVALID_PLAN',
  'RAMPKIT_INVALID_ARGUMENT',
  'RAMPKIT_ROLLOUT_NOT_FOUND',
]);

/** The exit code and message an error calls for (docs/cli.md, "Exit codes"). */
export function describeError(error: unknown): DescribedError {
  if (error instanceof CliError)
    return { exitCode: error.exitCode, code: error.code, message: error.message };
  if (isRampkitError(error)) {
    const issues = issuesOf(error);
    const exitCode =
      error.code === 'RAMPKIT_STORE_UNAVAILABLE'
        ? EXIT.unavailable
        : USAGE_CODES.has(error.code)
          ? EXIT.usage
          : EXIT.failed;
    return {
      exitCode,
      code: error.code,
      message: error.message,
      ...(issues === undefined ? {} : { issues }),
    };
  }
  const message = errorMessage(error);
  return { exitCode: EXIT.failed, code: 'RAMPKIT_INTERNAL', message: `unexpected error: ${message}` };
}

/** The issues an invalid-input error lists (core's, rollout's and experiments' all carry them). */
function issuesOf(error: object): ReadonlyArray<{ path: string; message: string }> | undefined {
  return 'issues' in error && Array.isArray(error.issues) ? error.issues : undefined;
}

/** This package's version, from its package.json (one folder up from dist/, two from src/program/). */
function version(): string {
  for (const relative of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === '@rampkit/cli' && pkg.version !== undefined) return pkg.version;
    } catch {
      // Not this folder: try the next.
    }
  }
  return 'unknown';
}
