import type { FlagDefinition } from '@rampkit/core';
import { table, weight } from '../format/format.js';
import type { Command } from '../program/command.js';
import { EXIT } from '../program/exit-codes.js';

export const flagsList: Command = {
  spec: {
    path: ['flags', 'list'],
    args: [],
    summary: 'list the flags in the store',
    options: {},
    store: 'required',
    examples: [
      'rampkit flags list --store redis://127.0.0.1:6379',
      'RAMPKIT_STORE=file:flags.json rampkit flags list --json',
    ],
  },

  async run(ctx) {
    const { store, location } = await ctx.store();
    const snapshot = await store.loadConfig();
    const flags = snapshot?.config.flags ?? [];
    if (ctx.out.json) {
      ctx.out.data({ version: snapshot?.version ?? 0, flags, segments: snapshot?.config.segments ?? [] });
      return EXIT.ok;
    }
    if (flags.length === 0) {
      ctx.out.line(`no flags in ${location.display}`);
      return EXIT.ok;
    }
    const rows = flags.map((flag) => [
      flag.key,
      flag.enabled === false ? 'off' : 'on',
      flag.kind ?? 'flag',
      describeServe(flag),
      String(flag.rules?.length ?? 0),
    ]);
    for (const line of table([['KEY', 'ENABLED', 'KIND', 'SERVES', 'RULES'], ...rows], [4]))
      ctx.out.line(line);
    ctx.out.line(
      `\n${flags.length} flag${flags.length === 1 ? '' : 's'}, configuration version ${snapshot?.version}`,
    );
    return EXIT.ok;
  },
};

/** `stable`, `canary 25% / stable 75%`, `on 50% / off 50% (coverage 20%)`. */
function describeServe(flag: FlagDefinition): string {
  const { variation, split } = flag.fallthrough;
  if (variation !== undefined) return variation;
  if (split === undefined) return '–';
  const arms = split.weights.map((entry) => `${entry.variation} ${weight(entry.weight / 100)}`).join(' / ');
  return split.coverage === undefined || split.coverage === 10_000
    ? arms
    : `${arms} (coverage ${weight(split.coverage / 100)})`;
}
