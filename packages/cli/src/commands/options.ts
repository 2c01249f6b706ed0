/** Options several commands take, worded once. */

import type { OptionSpec } from '../program/command.js';

export const byOption: Record<string, OptionSpec> = {
  by: {
    type: 'string',
    placeholder: 'name',
    description: 'who is acting, recorded in the history (default: cli:$USER)',
  },
};

export const reasonOption: Record<string, OptionSpec> = {
  reason: {
    type: 'string',
    placeholder: 'text',
    description: 'why, recorded in the history and notifications',
  },
};

export const forceOption: Record<string, OptionSpec> = {
  force: { type: 'boolean', description: 'act even inside a change freeze (recorded in the history)' },
};

/** `rollout start` and `rollout run`; read by `readPlan` (rollout-common.ts). */
export const idOption: Record<string, OptionSpec> = {
  id: {
    type: 'string',
    placeholder: 'id',
    description: "rollout id, overriding the plan's (e.g. checkout-$GIT_SHA)",
  },
};
