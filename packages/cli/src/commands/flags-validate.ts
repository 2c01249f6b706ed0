import type { FlagsConfig } from '@rampkit/core';
import type { Command } from '../program/command.js';
import { UsageError } from '../program/errors.js';
import { EXIT } from '../program/exit-codes.js';
import { validated } from './flag-merge.js';
import { parseStructured, readInput } from './input.js';

export const flagsValidate: Command = {
  spec: {
    path: ['flags', 'validate'],
    args: ['[file]'],
    summary: "validate a flags file, or the store's configuration when no file is given",
    details: 'Exits 0 when valid and 2 when not, naming the JSON path of every problem.',
    options: {},
    store: 'optional',
    examples: ['rampkit flags validate flags.yaml', 'rampkit flags validate --store file:flags.json --json'],
  },

  async run(ctx) {
    const file = ctx.args[0];
    let config: FlagsConfig;
    let source: string;
    if (file !== undefined) {
      const input = await readInput(file, ctx.out.io, ctx.name);
      source = input.source;
      config = validated(parseStructured(input, ctx.name) as FlagsConfig, source);
    } else {
      if (ctx.storeLocation() === undefined) {
        throw new UsageError(
          `${ctx.name}: give a flags file, or --store to validate the store's configuration`,
          ctx.name,
        );
      }
      const { store, location } = await ctx.store();
      source = location.display;
      config = (await store.loadConfig())?.config ?? { flags: [] };
    }
    const flags = config.flags.length;
    const segments = config.segments?.length ?? 0;
    if (ctx.out.json) ctx.out.data({ valid: true, source, flags, segments });
    else
      ctx.out.line(
        `${source}: valid (${flags} flag${flags === 1 ? '' : 's'}, ${segments} segment${segments === 1 ? '' : 's'})`,
      );
    return EXIT.ok;
  },
};
