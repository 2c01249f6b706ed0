import type { AuditInfo } from '@rampkit/core';
import type { OptionSpec } from '../program/command.js';
import type { CommandContext } from '../program/context.js';

/** `--actor` and `--reason`, on every command that writes flags: what the store's audit log records. */
export const AUDIT_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  actor: {
    type: 'string',
    placeholder: 'name',
    description: 'who makes the change, for the audit log (default: user@host)',
  },
  reason: { type: 'string', placeholder: 'text', description: 'why, for the audit log (flags history)' },
};

/** The audit info of a flags write: `--actor` (default `user@host`), `--reason`, and what the command does. */
export function auditInfo(ctx: CommandContext, action: string): AuditInfo {
  const audit: AuditInfo = { actor: ctx.actor, action };
  const reason = ctx.string('reason');
  if (reason !== undefined) audit.reason = reason;
  return audit;
}
