import { EXIT, type ExitCode } from './exit-codes.js';

/** An error the CLI reports as it is, with the exit code it calls for. */
export class CliError extends Error {
  readonly exitCode: ExitCode;
  /** Stable code for `--json` output. */
  readonly code: string;

  constructor(message: string, exitCode: ExitCode, code: string) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
    this.code = code;
  }
}

/** The command line is wrong: an unknown command or option, a missing argument, a bad value. */
export class UsageError extends CliError {
  /** The command whose `--help` would have helped, e.g. `rollout run`. */
  readonly command: string | undefined;

  constructor(message: string, command?: string) {
    super(message, EXIT.usage, 'RAMPKIT_USAGE');
    this.name = 'UsageError';
    this.command = command;
  }
}
