import { parseArgs } from 'node:util';
import { errorCode, errorMessage } from '@rampkit/core/internal';
import { type CommandSpec, commandName, type OptionSpec } from './command.js';
import { UsageError } from './errors.js';
import { GLOBAL_OPTIONS } from './global-options.js';
import { COMMANDS, GROUPS } from './registry.js';

export type OptionValues = Record<string, string | boolean | undefined>;

/** A command line read against the command table; nothing has run yet. */
export type ParsedCommandLine =
  | { kind: 'command'; spec: CommandSpec; values: OptionValues; args: string[] }
  | { kind: 'help'; spec?: CommandSpec; group?: string }
  | { kind: 'version' };

/**
 * Reads `argv` (without `node` and the script): finds the command, then its options and arguments.
 * `rampkit`, `rampkit help [command]`, `--help` anywhere and `--version` are recognised too.
 * @throws UsageError naming the unknown command or option, or the missing or extra argument
 */
export function parseCommandLine(input: readonly string[]): ParsedCommandLine {
  const { leading, argv } = splitLeadingGlobals(input);
  const words = argv.filter((arg) => !arg.startsWith('-'));
  const wantsHelp = argv.includes('--help') || argv.includes('-h');
  if (argv.length === 0) return { kind: 'help' };
  if (argv[0] === '--version' || argv[0] === '-v') return { kind: 'version' };
  if (argv[0] === 'help') return helpFor(argv.slice(1));

  const first = argv[0] as string;
  if (first.startsWith('-') && words.length === 0) {
    if (wantsHelp) return { kind: 'help' };
    throw new UsageError(`expected a command before ${first}`);
  }
  const spec = findCommand(argv);
  if (spec === undefined) {
    const group = argv[0] as string;
    // A single command (`report`, `demo`…) always matches above: only a group's words get here.
    const known = COMMANDS.filter((c) => c.path[0] === group && c.path.length > 1).map((c) => c.path[1]);
    if (known.length > 0) {
      if (wantsHelp && (argv[1] === undefined || argv[1].startsWith('-'))) return { kind: 'help', group };
      const sub = argv[1];
      throw new UsageError(
        sub === undefined || sub.startsWith('-')
          ? `${group}: which command? one of ${known.join(', ')}`
          : `unknown command "${group} ${sub}"; ${group} commands: ${known.join(', ')}`,
        group,
      );
    }
    throw new UsageError(`unknown command "${group}"; commands: ${Object.keys(GROUPS).join(', ')}`);
  }
  if (wantsHelp) return { kind: 'help', spec };

  const rest = [...leading, ...argv.slice(spec.path.length)];
  const name = commandName(spec);
  let parsed: {
    values: Record<string, string | boolean | (string | boolean)[] | undefined>;
    positionals: string[];
  };
  try {
    parsed = parseArgs({
      args: [...rest],
      options: toParseArgsOptions({ ...GLOBAL_OPTIONS, ...spec.options }),
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(`${name}: ${describeParseError(error)}`, name);
  }
  const required = spec.args.filter((arg) => arg.startsWith('<')).length;
  if (parsed.positionals.length < required) {
    const missing = spec.args[parsed.positionals.length] as string;
    throw new UsageError(`${name}: missing ${missing}`, name);
  }
  if (parsed.positionals.length > spec.args.length && !isVariadic(spec.args.at(-1))) {
    const extra = parsed.positionals.slice(spec.args.length).map((arg) => JSON.stringify(arg));
    throw new UsageError(`${name}: unexpected argument ${extra.join(' ')}`, name);
  }
  const values: OptionValues = {};
  for (const [key, value] of Object.entries(parsed.values)) {
    if (Array.isArray(value)) values[key] = value.at(-1);
    else values[key] = value;
  }
  return { kind: 'command', spec, values, args: parsed.positionals };
}

/** `<key...>` or `[key...]`: the last argument takes every word left. */
function isVariadic(arg: string | undefined): boolean {
  return arg !== undefined && /\.\.\.[>\]]$/.test(arg);
}

/** `--store x flags list` reads as `flags list --store x`: global options may come first. */
function splitLeadingGlobals(argv: readonly string[]): { leading: string[]; argv: string[] } {
  let i = 0;
  while (i < argv.length && (argv[i] as string).startsWith('-') && argv[i] !== '--') {
    const arg = argv[i] as string;
    const name = arg.replace(/^--?/, '').split('=')[0] as string;
    const spec =
      GLOBAL_OPTIONS[name] ?? Object.values(GLOBAL_OPTIONS).find((option) => option.short === name);
    if (spec === undefined) break;
    i += spec.type === 'string' && !arg.includes('=') ? 2 : 1;
  }
  return { leading: argv.slice(0, i), argv: argv.slice(i) };
}

/** The command whose words open `argv`, longest first (`rollout run` before `rollout`). */
function findCommand(argv: readonly string[]): CommandSpec | undefined {
  let best: CommandSpec | undefined;
  for (const spec of COMMANDS) {
    if (
      spec.path.every((word, i) => argv[i] === word) &&
      (best === undefined || spec.path.length > best.path.length)
    ) {
      best = spec;
    }
  }
  return best;
}

function helpFor(words: readonly string[]): ParsedCommandLine {
  if (words.length === 0) return { kind: 'help' };
  const spec = findCommand(words);
  if (spec !== undefined) return { kind: 'help', spec };
  const group = words[0] as string;
  if (group in GROUPS) return { kind: 'help', group };
  throw new UsageError(`no help for "${words.join(' ')}": unknown command`);
}

function toParseArgsOptions(
  specs: Readonly<Record<string, OptionSpec>>,
): Record<string, { type: 'string' | 'boolean'; short?: string }> {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {};
  for (const [name, spec] of Object.entries(specs)) {
    options[name] = spec.short === undefined ? { type: spec.type } : { type: spec.type, short: spec.short };
  }
  return options;
}

/** node's parseArgs messages, shortened to what a user needs. */
function describeParseError(error: unknown): string {
  const message = errorMessage(error);
  const code = errorCode(error);
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const option = /'([^']+)'/.exec(message)?.[1] ?? message;
    return `unknown option ${option}`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const option = /Option '(-[^' ]+)/.exec(message)?.[1];
    if (option !== undefined && message.includes('argument missing')) return `option ${option} needs a value`;
    if (option !== undefined) return `option ${option} takes no value`;
  }
  return message.split('\n')[0] ?? message;
}
