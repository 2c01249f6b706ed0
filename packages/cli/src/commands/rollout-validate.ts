import { InvalidPlanError, planFitIssues, validatePlan } from '@rampkit/rollout';
import { describeSteps } from '../format/plan.js';
import type { Command } from '../program/command.js';
import { EXIT } from '../program/exit-codes.js';
import { readPlan } from './rollout-common.js';

/** `rollout validate <plan>`: the plan alone, and with a store whether it fits its flag. */
export const rolloutValidate: Command = {
  spec: {
    path: ['rollout', 'validate'],
    args: ['<plan>'],
    summary: 'check a plan file; with --store also that it fits its flag',
    details: 'Exits 0 when valid and 2 when not, naming the path of every problem.',
    options: {},
    store: 'optional',
    examples: [
      'rampkit rollout validate plans/checkout.yaml',
      'rampkit rollout validate plans/checkout.yaml --store file:flags.json',
    ],
  },

  async run(ctx) {
    const { plan, source } = await readPlan(ctx);
    const resolved = validatePlan(plan, source);
    if (ctx.storeLocation() !== undefined) {
      const { store } = await ctx.store();
      const issues = planFitIssues((await store.loadConfig())?.config, resolved);
      if (issues.length > 0) throw new InvalidPlanError(issues, source);
    }
    if (ctx.out.json) ctx.out.data({ valid: true, source, plan: resolved });
    else
      ctx.out.line(
        `${source}: valid: ${resolved.strategy} rollout of ${resolved.flag}: ${describeSteps(resolved)}`,
      );
    return EXIT.ok;
  },
};
