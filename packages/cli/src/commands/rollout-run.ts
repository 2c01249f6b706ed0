import {
  isRolloutActiveError,
  isRolloutNotFoundError,
  type PlanInput,
  type RolloutController,
  type RolloutPlan,
  type RolloutStatus,
  validatePlan,
} from '@rampkit/rollout';
import { duration, paint } from '../format/format.js';
import type { Command } from '../program/command.js';
import type { CommandContext } from '../program/context.js';
import { EXIT } from '../program/exit-codes.js';
import { isFinished } from '../progress/describe.js';
import { ProgressView } from '../progress/view.js';
import { watchRollout } from '../progress/watch.js';
import { actorOptions, forceOption, idOption } from './options.js';
import { cliController, exitCodeOf, readPlan } from './rollout-common.js';

/**
 * `rollout run <plan> --wait`: starts the rollout (or attaches to it), drives it from this process
 * unless another controller holds its lease, shows progress, and exits with its outcome.
 */
export const rolloutRun: Command = {
  spec: {
    path: ['rollout', 'run'],
    args: ['<plan>'],
    summary: 'start (or attach to) a rollout, drive it, show progress, exit with its outcome',
    details:
      'Starts the plan, or attaches to the rollout with the same id (or the live rollout of the same flag\n' +
      'with the same steps). This process drives the rollout unless another controller holds its lease,\n' +
      'and waits: exit 0 when promoted, 1 when rolled back or aborted, 2 on a usage or configuration\n' +
      'error, 3 when the store is unreachable, 4 when --timeout passes first.',
    options: {
      wait: {
        type: 'boolean',
        description: 'wait for the rollout to end (the default; for readable pipelines)',
      },
      ...idOption,
      timeout: {
        type: 'string',
        placeholder: 'duration',
        description: 'stop waiting after this long (exit 4), e.g. 45m',
      },
      'poll-interval': {
        type: 'string',
        placeholder: 'duration',
        description: 'how often the controller looks at the rollout (default: 5s)',
      },
      ...forceOption,
      ...actorOptions,
    },
    store: 'required',
    examples: [
      'rampkit rollout run plans/checkout.yaml --wait --store "$RAMPKIT_STORE"',
      'rampkit rollout run plans/checkout.yaml --wait --id "checkout-$CI_COMMIT_SHA" --timeout 45m',
    ],
  },

  async run(ctx) {
    const { plan, source } = await readPlan(ctx);
    const resolved = validatePlan(plan, source);
    const timeoutMs = ctx.duration('timeout');
    const pollInterval = ctx.duration('poll-interval') ?? 5000;
    const { store } = await ctx.store();
    // Drive this rollout only: others in the store belong to their own controllers. The id is chosen
    // here when the plan has none, so the very first step is driven too.
    const own = plan.id === undefined ? { ...plan, id: `${resolved.flag}-${Date.now().toString(36)}` } : plan;
    let target = own.id;
    const controller = cliController(ctx, store, {
      drive: (rolloutId) => rolloutId === target,
      pollInterval,
    });
    try {
      const id = await startOrAttach(ctx, controller, own, resolved);
      target = id;
      const result = await watchRollout({
        id,
        status: (rolloutId) => controller.status(rolloutId),
        history: (rolloutId) => controller.history(rolloutId),
        metrics: store,
        view: new ProgressView(ctx.out),
        signal: ctx.signal,
        refreshMs: Math.min(1000, pollInterval),
        ...(timeoutMs === undefined ? {} : { timeoutMs }),
        onStoreError: (error) =>
          ctx.out.error(`warning: the store does not answer, still trying: ${error.message}`),
      });
      const { status } = result;
      if (ctx.out.json) ctx.out.data(status);
      if (result.outcome === 'timeout') {
        ctx.out.error(
          `${id}: still ${status.status} when --timeout passed; the rollout goes on (exit ${EXIT.timeout}). ${undriven(id)}`,
        );
        return EXIT.timeout;
      }
      if (result.outcome === 'interrupted') {
        ctx.out.error(`${id}: interrupted; the rollout goes on. ${undriven(id)}`);
        return EXIT.interrupted;
      }
      const took =
        status.finishedAt === undefined ? '' : ` after ${duration(status.finishedAt - status.createdAt)}`;
      const outcome = paint(
        status.status === 'promoted' ? 'promoted' : status.status,
        status.status === 'promoted' ? 'green' : 'red',
        ctx.out.color,
      );
      ctx.out.line(`${id} ${outcome}${took}: ${status.reason}`);
      return exitCodeOf(status);
    } finally {
      await controller.close();
    }
  },
};

/**
 * The id of the rollout to follow: the plan's id when that rollout exists, else a new rollout; when
 * the flag is already driven by a live rollout of the same plan (a re-run of a pipeline), that one.
 * @throws RolloutActiveError when another plan's rollout drives the flag; InvalidPlanError, FrozenError
 */
async function startOrAttach(
  ctx: CommandContext,
  controller: RolloutController,
  plan: PlanInput,
  resolved: RolloutPlan,
): Promise<string> {
  if (plan.id !== undefined) {
    const existing = await statusOrNull(controller, plan.id);
    if (existing !== null) {
      ctx.out.line(`attaching to rollout ${existing.id} (${existing.status})`);
      return existing.id;
    }
  }
  try {
    const status = await controller.start(plan, { by: ctx.actor, force: ctx.flag('force') });
    ctx.out.line(`started rollout ${status.id} of flag ${status.flag}`);
    return status.id;
  } catch (error) {
    if (isRolloutActiveError(error)) {
      const other = await statusOrNull(controller, error.rolloutId);
      if (other !== null && !isFinished(other) && samePlan(other.plan, resolved)) {
        ctx.out.line(
          `attaching to rollout ${other.id} (${other.status}): it runs the same plan on flag ${other.flag}`,
        );
        return other.id;
      }
    }
    throw error;
  }
}

/**
 * What happens once this command lets go of a live rollout: it hands the lease back, and unless
 * another controller takes it nothing moves, judges or rolls back the canary.
 */
function undriven(id: string): string {
  return `This command no longer drives it: unless a controller in your app holds its lease, nothing moves, judges or rolls it back until \`rampkit rollout run <plan> --id ${id}\` attaches to it (\`rampkit rollout status ${id}\` says who drives it).`;
}

async function statusOrNull(controller: RolloutController, id: string): Promise<RolloutStatus | null> {
  try {
    return await controller.status(id);
  } catch (error) {
    if (isRolloutNotFoundError(error)) return null;
    throw error;
  }
}

function samePlan(a: RolloutPlan, b: RolloutPlan): boolean {
  const shape = (plan: RolloutPlan) =>
    JSON.stringify([
      plan.flag,
      plan.stable,
      plan.canary,
      plan.strategy,
      plan.steps,
      plan.analysis,
      plan.gates,
    ]);
  return shape(a) === shape(b);
}
