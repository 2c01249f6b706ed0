import type { Command } from '../program/command.js';
import { rolloutActionCommand } from './rollout-action.js';

export const rolloutApprove: Command = rolloutActionCommand({
  name: 'approve',
  summary: 'let a step that waits for approval move on',
  examples: ['rampkit rollout approve checkout-v2 --by alice'],
  act: (controller, id, change) => controller.approve(id, change),
});
