import type { Command } from '../program/command.js';
import { rolloutActionCommand } from './rollout-action.js';

export const rolloutRollback: Command = rolloutActionCommand({
  name: 'rollback',
  summary: 'stable to 100% at once, skipping analysis (also undoes a promoted rollout)',
  examples: ['rampkit rollout rollback checkout-v2 --reason "smoke tests failed"'],
  act: (controller, id, change) => controller.rollback(id, change),
});
