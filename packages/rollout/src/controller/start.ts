import { isConflictError } from '@rampkit/core';
import { FrozenError, InvalidPlanError, RolloutActiveError } from '../errors.js';
import { activeFreeze } from '../gates/freezes.js';
import type { FreezeSpec, HealthCheckFunction, PlanInput } from '../plan/types.js';
import { checkPlan } from '../plan/validate.js';
import { createState } from '../state/lifecycle.js';
import type { RolloutState } from '../state/types.js';
import { claimFlag, keys, type RolloutStore } from './persistence.js';
import { fitFlag } from './traffic.js';

export interface StartContext {
  store: RolloutStore;
  now: number;
  /** Health-check functions registered on the controller; inline ones of the plan are added. */
  checks: Map<string, HealthCheckFunction>;
  freezes: readonly FreezeSpec[];
  force: boolean;
  by: string;
}

/**
 * Everything `start` checks before it changes anything, in order: the plan; that it fits the flag
 * and every named health check exists; no freeze (unless forced); the id is free. Then it claims
 * the flag and stores the new rollout.
 * @throws InvalidPlanError, FrozenError, RolloutActiveError
 */
export async function storeNewRollout(input: PlanInput, context: StartContext): Promise<RolloutState> {
  const { store, now, checks } = context;
  const { plan, inlineChecks } = checkPlan(input);
  const snapshot = await store.loadConfig();
  const fit = fitFlag(snapshot?.config, plan);
  const issues = typeof fit === 'number' ? [] : [...fit];
  plan.gates.healthChecks.forEach((check, index) => {
    if (check.kind === 'function' && !inlineChecks.has(check.name) && !checks.has(check.name)) {
      issues.push({
        path: `gates.healthChecks[${index}].name`,
        message: `no health-check function "${check.name}" registered on this controller (healthChecks option)`,
      });
    }
  });
  if (typeof fit !== 'number' || issues.length > 0) throw new InvalidPlanError(issues);
  const id = plan.id ?? `${plan.flag}-${now.toString(36)}`;
  const freeze = activeFreeze(now, [...plan.gates.freezes, ...context.freezes]);
  if (freeze !== undefined && !context.force) throw new FrozenError(`start of rollout ${id}`, freeze);
  const taken = () => new RolloutActiveError(id, `rollout id ${id} is already taken; choose another id`);
  if ((await store.getDocument(keys.state(id))) !== null) throw taken();

  for (const [name, check] of inlineChecks) checks.set(name, check);
  await claimFlag(store, plan.flag, id, now);
  const state = createState(plan, id, now, { weight: fit, by: context.by, forced: freeze !== undefined });
  try {
    await store.putDocument(keys.state(id), state, { expectedVersion: 0 });
  } catch (error) {
    throw isConflictError(error) ? taken() : error;
  }
  return state;
}
