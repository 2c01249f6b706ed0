/** Options several commands take, worded once. */

import type { OptionSpec } from '../program/command.js';

/** `--actor`, and `--by`, its older name. */
export const actorOptions: Record<string, OptionSpec> = {
  actor: {
    type: 'string',
    placeholder: 'name',
    description: 'who is acting, recorded in the history and the audit log (default: user@host)',
  },
  by: { type: 'string', placeholder: 'name', description: 'the same as --actor' },
};

export const reasonOption: Record<string, OptionSpec> = {
  reason: {
    type: 'string',
    placeholder: 'text',
    description: 'why, recorded in the history, notifications and the audit log',
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
