import type { OptionSpec } from '../program/command.js';
import type { CommandContext } from '../program/context.js';
import { UsageError } from '../program/errors.js';
import { GLOBAL_OPTIONS } from '../program/global-options.js';

/** `--from` and `--to` of `flags diff` and `flags promote`: each names a store and its prefix. */
export const ENVIRONMENT_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  from: {
    type: 'string',
    placeholder: 'url',
    description: 'the source environment: redis://host:6379?prefix=staging: or file:staging.json',
  },
  to: {
    type: 'string',
    placeholder: 'url',
    description: 'the target environment: redis://host:6379?prefix=prod: or file:prod.json',
  },
  'store-timeout': GLOBAL_OPTIONS['store-timeout'] as OptionSpec,
};

/** The URL syntax of an environment, for the commands' help. */
export const ENVIRONMENT_DETAILS =
  '--from and --to each name an environment: a store URL as --store takes it, with the Redis key\n' +
  'prefix as ?prefix=… (default rampkit:), or a flags file per environment. --store, --prefix and\n' +
  'their variables do not apply.';

/** Environments are named by --from and --to alone: a --store or --prefix here would be ignored, so it is refused. */
export function refuseStoreOptions(ctx: CommandContext): void {
  for (const option of ['store', 'prefix']) {
    if (ctx.string(option) !== undefined) {
      throw new UsageError(
        `${ctx.name}: --${option} does not apply; name each environment with --from and --to (redis://host:6379?prefix=staging:)`,
        ctx.name,
      );
    }
  }
}
