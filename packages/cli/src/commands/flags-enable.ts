import type { Command } from '../program/command.js';
import { AUDIT_OPTIONS } from './audit-options.js';
import { setEnabled } from './flags-common.js';

export const flagsEnable: Command = {
  spec: {
    path: ['flags', 'enable'],
    args: ['<key>'],
    summary: 'turn a flag on (its rules and fallthrough serve again)',
    options: { ...AUDIT_OPTIONS },
    store: 'required',
    examples: ['rampkit flags enable new-ui --store file:flags.json'],
  },

  run: (ctx) => setEnabled(ctx, true),
};
