import { type CommandSpec, commandName, type OptionSpec } from './command.js';
import { EXIT } from './exit-codes.js';
import { GLOBAL_OPTIONS } from './global-options.js';
import { COMMANDS, GROUPS } from './registry.js';

/**
 * The reference online: an installed CLI has no docs folder beside it. The packaging test checks
 * that the page exists in the repository named by package.json.
 */
export const DOCS_URL = 'https://github.com/rampkit/rampkit/blob/main/docs/cli.md';

/** `rampkit --help`: every command in one screen. */
export function overviewHelp(): string {
  const lines = [
    'rampkit: feature flags and progressive delivery from scripts and CI pipelines',
    '',
    'Usage: rampkit <command> [arguments] [options]',
    '',
    'Commands:',
    ...table(COMMANDS.map((spec) => [`${commandName(spec)} ${spec.args.join(' ')}`.trim(), spec.summary])),
    '',
    'Global options:',
    ...optionLines(GLOBAL_OPTIONS),
    '',
    exitCodeHelp(),
    '',
    `Run \`rampkit <command> --help\` for its options and examples. Docs: ${DOCS_URL}`,
  ];
  return `${lines.join('\n')}\n`;
}

/** `rampkit rollout --help`: the commands of one group. */
export function groupHelp(group: string): string {
  const specs = COMMANDS.filter((spec) => spec.path[0] === group);
  const lines = [
    `rampkit ${group}: ${GROUPS[group] ?? ''}`,
    '',
    `Usage: rampkit ${group} <command> [arguments] [options]`,
    '',
    'Commands:',
    ...table(specs.map((spec) => [`${commandName(spec)} ${spec.args.join(' ')}`.trim(), spec.summary])),
    '',
    `Run \`rampkit ${group} <command> --help\` for its options and examples.`,
  ];
  return `${lines.join('\n')}\n`;
}

/** `rampkit rollout run --help`. */
export function commandHelp(spec: CommandSpec): string {
  const usage = ['rampkit', ...spec.path, ...spec.args, '[options]'].join(' ');
  const lines = [`rampkit ${commandName(spec)}: ${spec.summary}`, '', `Usage: ${usage}`];
  if (spec.details !== undefined) lines.push('', spec.details);
  if (Object.keys(spec.options).length > 0) lines.push('', 'Options:', ...optionLines(spec.options));
  const globals = Object.fromEntries(
    Object.entries(GLOBAL_OPTIONS).filter(
      ([name]) => spec.store !== 'none' || name === 'json' || name === 'help',
    ),
  );
  lines.push('', 'Global options:', ...optionLines(globals));
  lines.push('', 'Examples:', ...spec.examples.map((example) => `  ${example}`));
  if (spec.path[0] === 'rollout' && (spec.path[1] === 'run' || spec.path[1] === 'status'))
    lines.push('', exitCodeHelp());
  return `${lines.join('\n')}\n`;
}

function exitCodeHelp(): string {
  return [
    'Exit codes:',
    `  ${EXIT.ok}  done; the rollout was promoted`,
    `  ${EXIT.failed}  the rollout was rolled back or aborted, or the command was refused`,
    `  ${EXIT.usage}  usage or configuration error (nothing was changed)`,
    `  ${EXIT.unavailable}  the store is unreachable`,
    `  ${EXIT.timeout}  --timeout passed before the rollout ended`,
  ].join('\n');
}

function optionLines(options: Readonly<Record<string, OptionSpec>>): string[] {
  return table(
    Object.entries(options).map(([name, spec]) => {
      const short = spec.short === undefined ? '    ' : `-${spec.short}, `;
      const value = spec.type === 'string' ? ` <${spec.placeholder ?? 'value'}>` : '';
      return [`${short}--${name}${value}`, spec.description];
    }),
  );
}

function table(rows: ReadonlyArray<readonly [string, string]>): string[] {
  const width = Math.min(Math.max(...rows.map(([left]) => left.length)), 34);
  return rows.map(([left, right]) =>
    left.length > width ? `  ${left}\n  ${' '.repeat(width)}  ${right}` : `  ${left.padEnd(width)}  ${right}`,
  );
}
