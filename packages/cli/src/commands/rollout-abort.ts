import type { Command } from '../program/command.js';
import { rolloutActionCommand } from './rollout-action.js';

export const rolloutAbort: Command = rolloutActionCommand({
  name: 'abort',
  summary: 'end the rollout with stable serving everyone (it can be retried)',
  examples: ['rampkit rollout abort checkout-v2 --reason "wrong build"'],
  act: (controller, id, change) => controller.abort(id, change),
});
