import type { OptionSpec } from './command.js';

/** The options every command takes (the demo only `--json` and `--help`: it has no store). */
export const GLOBAL_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  store: {
    type: 'string',
    placeholder: 'url',
    description:
      'where flags and rollouts live: redis://…, rediss://… or file:flags.json (default: $RAMPKIT_STORE)',
  },
  prefix: {
    type: 'string',
    placeholder: 'prefix',
    description: "Redis key prefix, one per environment (default: $RAMPKIT_PREFIX or 'rampkit:')",
  },
  'store-timeout': {
    type: 'string',
    placeholder: 'duration',
    description: 'longest wait for the store to answer, e.g. 3s (default: 3s)',
  },
  json: { type: 'boolean', description: 'print machine-readable JSON on stdout' },
  help: { type: 'boolean', short: 'h', description: 'show help for the command' },
};
