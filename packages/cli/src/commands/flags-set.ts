import { isConflictError } from '@rampkit/core';
import type { Command } from '../program/command.js';
import { UsageError } from '../program/errors.js';
import { EXIT } from '../program/exit-codes.js';
import { AUDIT_OPTIONS, auditInfo } from './audit-options.js';
import { mergeFlags, readFlagInput } from './flag-merge.js';
import { MAX_CONFLICTS } from './flags-common.js';
import { parseStructured, readInput } from './input.js';

export const flagsSet: Command = {
  spec: {
    path: ['flags', 'set'],
    args: ['[file]'],
    summary: 'add or replace flags from a JSON/YAML file (- for stdin) or --inline text',
    details:
      'The input is a whole configuration ({ flags: [...], segments: [...] }), one flag definition, or a\n' +
      'list of them. Flags and segments are added or replaced by key; the others stay, unless --replace.\n' +
      'The result is validated as a whole before anything is written.',
    options: {
      inline: {
        type: 'string',
        placeholder: 'json|yaml',
        description: 'the flags as text instead of a file',
      },
      replace: { type: 'boolean', description: 'replace the whole configuration with the input' },
      'dry-run': { type: 'boolean', description: 'validate and show what would change, write nothing' },
      ...AUDIT_OPTIONS,
    },
    store: 'required',
    examples: [
      'rampkit flags set flags.yaml --store redis://127.0.0.1:6379',
      `rampkit flags set --inline '{"key":"new-ui","variations":{"on":true,"off":false},"offVariation":"off","fallthrough":{"variation":"off"}}'`,
      'cat flags.json | rampkit flags set - --replace --dry-run',
    ],
  },

  async run(ctx) {
    const file = ctx.args[0];
    const inline = ctx.string('inline');
    if ((file === undefined) === (inline === undefined)) {
      throw new UsageError(`${ctx.name}: give a file (or - for stdin) or --inline text, not both`, ctx.name);
    }
    const input =
      inline === undefined
        ? await readInput(file as string, ctx.out.io, ctx.name)
        : { text: inline, source: '--inline' };
    const flagInput = readFlagInput(parseStructured(input, ctx.name), ctx.name);
    const replace = ctx.flag('replace');
    const dryRun = ctx.flag('dry-run');
    const audit = auditInfo(ctx, 'flags.set');
    const { store, location } = await ctx.store();
    for (let attempt = 1; ; attempt++) {
      const snapshot = await store.loadConfig();
      const merged = mergeFlags(snapshot?.config, flagInput, replace);
      const changed = merged.added.length + merged.updated.length + merged.removed.length > 0;
      let version = snapshot?.version ?? 0;
      if (changed && !dryRun) {
        try {
          version = (await store.writeConfig(merged.config, { expectedVersion: version, audit })).version;
        } catch (error) {
          if (isConflictError(error) && attempt < MAX_CONFLICTS) continue;
          throw error;
        }
      }
      const { added, updated, removed, unchanged } = merged;
      if (ctx.out.json) {
        ctx.out.data({ version, dryRun, added, updated, removed, unchanged });
        return EXIT.ok;
      }
      const parts = [
        added.length > 0 ? `added ${added.join(', ')}` : '',
        updated.length > 0 ? `updated ${updated.join(', ')}` : '',
        removed.length > 0 ? `removed ${removed.join(', ')}` : '',
        unchanged.length > 0 ? `unchanged ${unchanged.join(', ')}` : '',
      ].filter((part) => part !== '');
      const what = parts.join('; ') || 'nothing to change';
      if (dryRun) ctx.out.line(`dry run, nothing written to ${location.display}: would have ${what}`);
      else ctx.out.line(`${location.display}: ${what} (version ${version})`);
      return EXIT.ok;
    }
  },
};
