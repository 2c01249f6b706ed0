import {
  type AuditInfo,
  type ConfigSnapshot,
  type ConfigStore,
  ConflictError,
  type FlagDefinition,
  type FlagsConfig,
  isConflictError,
} from '@rampkit/core';
import type { Command } from '../program/command.js';
import type { CommandContext } from '../program/context.js';
import { CliError } from '../program/errors.js';
import { EXIT } from '../program/exit-codes.js';
import { AUDIT_OPTIONS, auditInfo } from './audit-options.js';

/** How often a write that lost a compare-and-set race is tried again on a fresh read. */
export const MAX_CONFLICTS = 5;

/** @throws CliError (exit 2) when the flag does not exist */
export function findFlag(snapshot: ConfigSnapshot | null, key: string, where: string): FlagDefinition {
  const flag = snapshot?.config.flags.find((candidate) => candidate.key === key);
  if (flag !== undefined) return flag;
  const known = snapshot?.config.flags.map((candidate) => candidate.key) ?? [];
  const hint =
    known.length === 0
      ? 'it holds no flags'
      : `it has ${known.slice(0, 10).join(', ')}${known.length > 10 ? ', …' : ''}`;
  throw new CliError(`no flag "${key}" in ${where} (${hint})`, EXIT.usage, 'RAMPKIT_FLAG_NOT_FOUND');
}

/** `rampkit flags enable|disable <key>`, with the audit options, against a store. */
export function flagSwitchCommand(enabled: boolean, summary: string, example: string): Command {
  return {
    spec: {
      path: ['flags', enabled ? 'enable' : 'disable'],
      args: ['<key>'],
      summary,
      options: { ...AUDIT_OPTIONS },
      store: 'required',
      examples: [example],
    },
    run: (ctx) => setEnabled(ctx, enabled),
  };
}

/** `flags enable` and `flags disable`. */
async function setEnabled(ctx: CommandContext, enabled: boolean): Promise<number> {
  const { store, location } = await ctx.store();
  const key = ctx.args[0] as string;
  const audit = auditInfo(ctx, enabled ? 'flags.enable' : 'flags.disable');
  const { snapshot, changed } = await updateFlag(store, location.display, key, audit, (flag) =>
    withEnabled(flag, enabled),
  );
  const state = enabled ? 'enabled' : 'disabled';
  if (ctx.out.json) ctx.out.data({ key, enabled, changed, version: snapshot.version });
  else
    ctx.out.line(changed ? `${key} ${state} (version ${snapshot.version})` : `${key} was already ${state}`);
  return EXIT.ok;
}

/** The kill switch's change to a flag (the same flag when it is already so). */
export function withEnabled(flag: FlagDefinition, enabled: boolean): FlagDefinition {
  return (flag.enabled ?? true) === enabled ? flag : { ...flag, enabled, version: (flag.version ?? 1) + 1 };
}

export interface UpdateFlagOptions {
  /**
   * The configuration version the change was made against (a page that showed the flag). When set,
   * a configuration changed since is refused with ConflictError instead of re-read and retried, so
   * the person sees the other change rather than overwriting it.
   */
  expectedVersion?: number;
}

/**
 * Compare-and-set of one flag: the CLI re-reads after a conflict and applies its change again; with
 * `expectedVersion` (the dashboard) a conflict is the caller's to show. The store validates the
 * whole configuration before writing anything.
 * @throws CliError when the flag does not exist; ConflictError; InvalidConfigError
 */
export async function updateFlag(
  store: ConfigStore,
  where: string,
  key: string,
  audit: AuditInfo,
  change: (flag: FlagDefinition) => FlagDefinition,
  options: UpdateFlagOptions = {},
): Promise<{ snapshot: ConfigSnapshot; changed: boolean }> {
  for (let attempt = 1; ; attempt++) {
    const snapshot = await store.loadConfig();
    const actual = snapshot?.version ?? 0;
    if (options.expectedVersion !== undefined && options.expectedVersion !== actual) {
      throw new ConflictError('configuration', options.expectedVersion, actual);
    }
    const flag = findFlag(snapshot, key, where);
    const next = change(flag);
    if (next === flag) return { snapshot: snapshot as ConfigSnapshot, changed: false };
    const config = snapshot?.config as FlagsConfig;
    const flags = config.flags.map((candidate) => (candidate.key === key ? next : candidate));
    try {
      const written = await store.writeConfig({ ...config, flags }, { expectedVersion: actual, audit });
      return { snapshot: written, changed: true };
    } catch (error) {
      if (!isConflictError(error) || options.expectedVersion !== undefined || attempt >= MAX_CONFLICTS) {
        throw error;
      }
    }
  }
}
