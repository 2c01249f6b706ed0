import { hostname } from 'node:os';
import {
  createRolloutController,
  type PlanInput,
  parsePlan,
  type RolloutController,
  type RolloutControllerOptions,
  type RolloutStatus,
} from '@rampkit/rollout';
import { duration, elapsed, weight } from '../format/format.js';
import type { CommandContext } from '../program/context.js';
import { EXIT } from '../program/exit-codes.js';
import { describeDriver, describePosition } from '../progress/describe.js';
import { readInput } from './input.js';

/**
 * The plan file of `rollout start/run/validate`, with `--id` applied.
 * @throws InvalidPlanError listing every problem with its path; UsageError when the file is unreadable
 */
export async function readPlan(ctx: CommandContext): Promise<{ plan: PlanInput; source: string }> {
  const { text, source } = await readInput(ctx.args[0] as string, ctx.out.io, ctx.name);
  const plan = parsePlan(text, undefined, source);
  const id = ctx.string('id');
  return { plan: id === undefined ? plan : { ...plan, id }, source };
}

/**
 * A controller for this command. With `drive: false` it only starts rollouts and issues commands;
 * aborts and rollbacks are still applied at once when no other controller holds the lease.
 */
export function cliController(
  ctx: CommandContext,
  store: RolloutControllerOptions['store'],
  options: Partial<RolloutControllerOptions> = {},
): RolloutController {
  const controller = createRolloutController({
    store,
    drive: false,
    instanceId: `rampkit-cli:${hostname()}:${process.pid}`,
    ...options,
  });
  controller.on('error', (error, rolloutId) => {
    ctx.out.error(`warning: ${rolloutId === '' ? '' : `rollout ${rolloutId}: `}${error.message}`);
  });
  return controller;
}

/** How `rollout run` and `status --watch` exit for a rollout that ended. */
export function exitCodeOf(status: RolloutStatus): number {
  return status.status === 'promoted' ? EXIT.ok : EXIT.failed;
}

/** A rollout's status for people, several lines. */
export function describeStatus(status: RolloutStatus, now = Date.now()): string[] {
  const lines = [
    `${status.id}  ${describePosition(status)}`,
    `  flag       ${status.flag}: canary "${status.canary}" vs stable "${status.stable}" (${status.strategy}, steps ${status.plan.steps.map((step) => weight(step.weight)).join(' → ')})`,
    `  why        ${status.reason}`,
  ];
  if (status.blockedBy !== undefined)
    lines.push(`  waiting    ${status.blockedBy.kind}: ${status.blockedBy.detail}`);
  const driver = describeDriver(status, now);
  if (driver !== null) lines.push(`  driver     ${driver}`);
  if (driver !== null && status.driver.driven) {
    // When another replica would take over if this driver died now.
    lines.push(
      `  lease      until ${new Date(status.driver.leaseExpiresAt).toISOString()} (in ${duration(Math.max(0, status.driver.leaseExpiresAt - now))}), renewed each tick`,
    );
  }
  if (status.lastVerdict !== undefined) {
    const verdict = status.lastVerdict;
    lines.push(
      `  verdict    ${verdict.status}${verdict.critical ? ' (critical)' : ''} at ${elapsed(verdict.at - status.createdAt)}: ${verdict.summary}`,
    );
  }
  if (status.step.holdUntil !== null && status.step.holdUntil > now && status.status === 'progressing') {
    lines.push(`  hold until ${new Date(status.step.holdUntil).toISOString()}`);
  }
  const finished =
    status.finishedAt === undefined ? '' : `, ended ${new Date(status.finishedAt).toISOString()}`;
  lines.push(
    `  started    ${new Date(status.createdAt).toISOString()} (attempt ${status.attempt})${finished}`,
  );
  return lines;
}
