import type { Command } from '../program/command.js';
import { AUDIT_OPTIONS } from './audit-options.js';
import { setEnabled } from './flags-common.js';

export const flagsDisable: Command = {
  spec: {
    path: ['flags', 'disable'],
    args: ['<key>'],
    summary: 'kill switch: every unit gets the off variation',
    options: { ...AUDIT_OPTIONS },
    store: 'required',
    examples: ['rampkit flags disable new-ui --store redis://127.0.0.1:6379'],
  },

  run: (ctx) => setEnabled(ctx, false),
};
