import type { RolloutPlan } from '@rampkit/rollout';
import { duration, weight } from './format.js';

/** `5% (hold 2m) → 25% (hold 2m, approval) → 100%`. */
export function describeSteps(plan: RolloutPlan): string {
  return plan.steps
    .map((step) => {
      const notes = [
        step.holdMs > 0 ? `hold ${duration(step.holdMs)}` : '',
        step.approval ? 'approval' : '',
      ].filter((note) => note !== '');
      return notes.length === 0 ? weight(step.weight) : `${weight(step.weight)} (${notes.join(', ')})`;
    })
    .join(' → ');
}
