import type { Command } from '../program/command.js';
import { rolloutActionCommand } from './rollout-action.js';

export const rolloutPause: Command = rolloutActionCommand({
  name: 'pause',
  summary: 'stop progress (analysis goes on: a failing canary is still rolled back)',
  examples: ['rampkit rollout pause checkout-v2 --reason "investigating latency"'],
  act: (controller, id, change) => controller.pause(id, change),
});
