import { count } from '../format.js';
import type { CheckResult, JudgeInput } from '../types.js';

/**
 * A verdict passes only on evidence gathered at the step in force: both arms need `minRequests`
 * requests since the step began (blue-green: the canary does, stable being its baseline). Until
 * then the verdict is `inconclusive`: too little data holds the rollout, it never fails it, and
 * what the canary did at earlier steps never promotes it at this one.
 */
export function checkMinSamples(input: JudgeInput): CheckResult {
  const { minRequests } = input.settings;
  const stable = input.step.stable.requests;
  const canary = input.step.canary.requests;
  const baseline = input.stableBaseline === true;
  const observed = baseline ? canary : Math.min(stable, canary);
  const enough = observed >= minRequests;
  const arms = baseline
    ? `canary ${count(canary)} requests at this step`
    : `stable ${count(stable)}, canary ${count(canary)} requests at this step`;
  const whom = baseline ? 'on the canary' : 'on each arm';
  return {
    name: 'minSamples',
    status: enough ? 'pass' : 'inconclusive',
    observed,
    threshold: minRequests,
    detail: enough
      ? `at least ${count(minRequests)} requests ${whom} at this step (${arms})`
      : `waiting for ${count(minRequests)} requests ${whom} at this step (${arms})`,
  };
}

/** Failures need `minRequests` on each arm since the rollout began: what gates every other check. */
export function enoughToJudge(input: JudgeInput): boolean {
  const { minRequests } = input.settings;
  return input.cumulative.stable.requests >= minRequests && input.cumulative.canary.requests >= minRequests;
}
