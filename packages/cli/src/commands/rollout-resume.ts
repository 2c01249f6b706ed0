import type { Command } from '../program/command.js';
import { rolloutActionCommand } from './rollout-action.js';

export const rolloutResume: Command = rolloutActionCommand({
  name: 'resume',
  summary: 'let a paused rollout go on',
  examples: ['rampkit rollout resume checkout-v2'],
  act: (controller, id, change) => controller.resume(id, change),
});
