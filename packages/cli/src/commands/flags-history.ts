import { type AuditEntry, type FlagChange, isAuditLog } from '@rampkit/core';
import { table } from '../format/format.js';
import type { Command } from '../program/command.js';
import { CliError, UsageError } from '../program/errors.js';
import { EXIT } from '../program/exit-codes.js';

const DEFAULT_LIMIT = 20;

export const flagsHistory: Command = {
  spec: {
    path: ['flags', 'history'],
    args: ['[key]'],
    summary: "the store's audit log: who changed the flags (or one flag), when, why and what",
    options: {
      limit: {
        type: 'string',
        placeholder: 'n',
        description: `at most n entries, newest first (default ${DEFAULT_LIMIT})`,
      },
    },
    store: 'required',
    examples: [
      'rampkit flags history --store file:flags.json',
      'rampkit flags history checkout --limit 5 --json',
    ],
  },

  async run(ctx) {
    const limitText = ctx.string('limit');
    const limit = limitText === undefined ? DEFAULT_LIMIT : Number(limitText);
    if (!Number.isSafeInteger(limit) || limit < 1) {
      throw new UsageError(`${ctx.name}: --limit must be a positive integer, got ${limitText}`, ctx.name);
    }
    const { store, location } = await ctx.store();
    if (!isAuditLog(store)) {
      throw new CliError(`${location.display} keeps no audit log`, EXIT.usage, 'RAMPKIT_NO_AUDIT_LOG');
    }
    const key = ctx.args[0];
    const entries = await store.readAudit({ ...(key === undefined ? {} : { flag: key }), limit });
    if (ctx.out.json) {
      ctx.out.data(entries);
      return EXIT.ok;
    }
    if (entries.length === 0) {
      ctx.out.line(
        `no configuration writes${key === undefined ? '' : ` of ${key}`} in the audit log of ${location.display}`,
      );
      return EXIT.ok;
    }
    const rows = [['TIME', 'ACTOR', 'ACTION', 'VERSION', 'REASON', 'CHANGES'], ...entries.map(row)];
    for (const line of table(rows)) ctx.out.line(line);
    return EXIT.ok;
  },
};

function row(entry: AuditEntry): string[] {
  const version =
    entry.fromVersion === undefined ? `${entry.toVersion}` : `${entry.fromVersion}→${entry.toVersion}`;
  const changes = entry.changes.map(describeChange);
  if (entry.omittedChanges !== undefined) changes.push(`+${entry.omittedChanges} more`);
  return [
    new Date(entry.at).toISOString(),
    entry.actor,
    entry.action,
    version,
    entry.reason ?? '-',
    changes.join(', ') || '-',
  ];
}

function describeChange(change: FlagChange): string {
  const name = change.kind === 'segment' ? `segment ${change.key}` : change.key;
  if (change.change === 'added') return `+${name}`;
  if (change.change === 'removed') return `-${name}`;
  const fields = (change.fields ?? []).map((field) =>
    field.before !== undefined && field.after !== undefined && typeof field.after !== 'object'
      ? `${field.path}=${JSON.stringify(field.after)}`
      : field.path,
  );
  const more = change.omittedFields === undefined ? [] : [`+${change.omittedFields}`];
  return `${name}(${[...fields, ...more].join(' ')})`;
}
