import type { Command } from '../program/command.js';
import { rolloutActionCommand } from './rollout-action.js';

export const rolloutSkipStep: Command = rolloutActionCommand({
  name: 'skip-step',
  summary: 'leave the next step out of the path',
  examples: ['rampkit rollout skip-step checkout-v2'],
  act: (controller, id, change) => controller.skipStep(id, change),
});
