import { InvalidPlanError, planFitIssues, validatePlan } from '@rampkit/rollout';
import { describeSteps } from '../format/plan.js';
import type { CommandContext } from '../program/context.js';
import { EXIT } from '../program/exit-codes.js';
import { cliController, describeStatus, readPlan } from './rollout-common.js';

/** `rollout start <plan>`: starts and applies the first step; a controller elsewhere drives it on. */
export async function rolloutStart(ctx: CommandContext): Promise<number> {
  const { plan } = await readPlan(ctx);
  const { store } = await ctx.store();
  const controller = cliController(ctx, store);
  try {
    const status = await controller.start(plan, { by: ctx.actor, force: ctx.flag('force') });
    if (ctx.out.json) ctx.out.data(status);
    else {
      for (const line of describeStatus(status)) ctx.out.line(line);
      ctx.out.line(
        `\nStarted. A controller drives it from here: one in your app, or \`rampkit rollout run ${ctx.args[0]} --id ${status.id}\`.`,
      );
    }
    return EXIT.ok;
  } finally {
    await controller.close();
  }
}

/** `rollout validate <plan>`: the plan alone, and with a store whether it fits its flag. */
export async function rolloutValidate(ctx: CommandContext): Promise<number> {
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
}
