import { stringify as stringifyYaml } from 'yaml';
import type { Command } from '../program/command.js';
import { EXIT } from '../program/exit-codes.js';
import { findFlag } from './flags-common.js';

export const flagsGet: Command = {
  spec: {
    path: ['flags', 'get'],
    args: ['<key>'],
    summary: "print one flag's definition (YAML; JSON with --json)",
    options: {},
    store: 'required',
    examples: ['rampkit flags get checkout --store file:flags.json', 'rampkit flags get checkout --json'],
  },

  async run(ctx) {
    const { store, location } = await ctx.store();
    const key = ctx.args[0] as string;
    const snapshot = await store.loadConfig();
    const flag = findFlag(snapshot, key, location.display);
    if (ctx.out.json) ctx.out.data(flag);
    else ctx.out.write(stringifyYaml(flag));
    return EXIT.ok;
  },
};
