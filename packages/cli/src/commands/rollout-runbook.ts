import type { FlagsConfig } from '@rampkit/core';
import { InvalidPlanError, planFitIssues, validatePlan } from '@rampkit/rollout';
import type { Command } from '../program/command.js';
import { EXIT } from '../program/exit-codes.js';
import { renderRunbook } from '../runbook/runbook.js';
import { validated } from './flag-merge.js';
import { parseStructured, readInput } from './input.js';
import { idOption } from './options.js';
import { writeOutputFile } from './output-file.js';
import { readPlan } from './rollout-common.js';

/** `rollout runbook <plan> [--out file] [--flags file]`: the plan's runbook in Markdown. */
export const rolloutRunbook: Command = {
  spec: {
    path: ['rollout', 'runbook'],
    args: ['<plan>'],
    summary: "write a plan's runbook in Markdown: steps, checks, gates, watching, steering, outages",
    details:
      'Reads the plan as the controller does (defaults filled in, ramps expanded), so the runbook says\n' +
      'what the controller will do. With --flags (a flags file) or --store, it also names what each arm\n' +
      'serves and checks that the plan fits its flag. Without --out it goes to stdout.',
    options: {
      out: { type: 'string', short: 'o', placeholder: 'file', description: 'write to this file' },
      flags: {
        type: 'string',
        placeholder: 'file',
        description: "a flags file holding the plan's flag (instead of --store)",
      },
      ...idOption,
    },
    store: 'optional',
    examples: [
      'rampkit rollout runbook deploy/checkout-canary.yaml -o deploy/checkout-canary.runbook.md',
      'rampkit rollout runbook deploy/checkout-canary.yaml --flags deploy/flags.yaml --id checkout-v2',
    ],
  },

  async run(ctx) {
    const { plan, source } = await readPlan(ctx);
    const resolved = validatePlan(plan, source);
    const flagsSource = ctx.string('flags');
    const config = await flagsOf(ctx);
    if (config !== undefined) {
      const issues = planFitIssues(config, resolved);
      if (issues.length > 0) throw new InvalidPlanError(issues, source);
    }
    const flag = config?.flags.find((candidate) => candidate.key === resolved.flag);
    const text = renderRunbook({
      plan: resolved,
      source,
      ...(resolved.id === undefined ? {} : { id: resolved.id }),
      ...(flag === undefined ? {} : { flag }),
      ...(flagsSource === undefined ? {} : { flagsSource }),
    });
    const out = ctx.string('out');
    if (out === undefined) {
      if (ctx.out.json) ctx.out.data({ source, flag: resolved.flag, markdown: text });
      else ctx.out.write(text);
      return EXIT.ok;
    }
    await writeOutputFile(ctx, out, text);
    if (ctx.out.json) {
      ctx.out.data({ source, flag: resolved.flag, written: out });
      return EXIT.ok;
    }
    ctx.out.error(`wrote ${out}`);
    return EXIT.ok;
  },
};

async function flagsOf(ctx: Parameters<Command['run']>[0]): Promise<FlagsConfig | undefined> {
  const file = ctx.string('flags');
  if (file !== undefined) {
    // A flags file wins over RAMPKIT_STORE: the runbook of a change not yet applied.
    const input = await readInput(file, ctx.out.io, ctx.name);
    return validated(parseStructured(input, ctx.name) as FlagsConfig, input.source);
  }
  if (ctx.storeLocation() === undefined) return undefined;
  const { store } = await ctx.store();
  return (await store.loadConfig())?.config ?? { flags: [] };
}
