import type { CommandContext } from './context.js';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** Shown in help as `--name <placeholder>`. */
  placeholder?: string;
  description: string;
}

/** What the parser and help know of a command: all a command line is checked against. */
export interface CommandSpec {
  /** `['rollout', 'run']` */
  path: readonly string[];
  /** `<plan>`, `[id]`: shown in usage, counted by the parser; a last `<key...>` or `[key...]` takes
   * every word left. */
  args: readonly string[];
  summary: string;
  /** Paragraphs after the usage line. */
  details?: string;
  options: Readonly<Record<string, OptionSpec>>;
  /** Whether the command talks to a store: always, only when given one, or never. */
  store: 'required' | 'optional' | 'none';
  examples: readonly string[];
}

/**
 * One `rampkit` command: its spec and what it does, in one module under src/commands/. Every such
 * module is loaded for every command line (the parser needs the specs), so it imports only light
 * things at its top; what is heavy to load (Express for the demo, the report renderer) is imported
 * inside `run`.
 */
export interface Command {
  spec: CommandSpec;
  /** Resolves to the exit code (exit-codes.ts); errors are reported by `main`. */
  run(ctx: CommandContext): Promise<number>;
}

export function commandName(spec: CommandSpec): string {
  return spec.path.join(' ');
}
