import { count } from '../format.js';
import type { CheckResult, JudgeInput } from '../types.js';

/**
 * No verdict before both arms have `minRequests` requests since the rollout began: too little data
 * (no traffic at all included) holds the rollout as `inconclusive`, never fails it.
 */
export function checkMinSamples(input: JudgeInput): CheckResult {
  const { minRequests } = input.settings;
  const stable = input.cumulative.stable.requests;
  const canary = input.cumulative.canary.requests;
  const observed = Math.min(stable, canary);
  const enough = stable >= minRequests && canary >= minRequests;
  const arms = `stable ${count(stable)}, canary ${count(canary)} requests`;
  return {
    name: 'minSamples',
    status: enough ? 'pass' : 'inconclusive',
    observed,
    threshold: minRequests,
    detail: enough
      ? `both arms have at least ${count(minRequests)} requests (${arms})`
      : `waiting for ${count(minRequests)} requests on each arm before judging (${arms})`,
  };
}
