import {
  type ConfigSnapshot,
  type ConfigStore,
  type FlagDefinition,
  type FlagsConfig,
  isConflictError,
} from '@rampkit/core';
import { stringify as stringifyYaml } from 'yaml';
import { table, weight } from '../format/format.js';
import type { CommandContext } from '../program/context.js';
import { CliError, UsageError } from '../program/errors.js';
import { EXIT } from '../program/exit-codes.js';
import { mergeFlags, readFlagInput, validated } from './flag-merge.js';
import { parseStructured, readInput } from './input.js';

const MAX_CONFLICTS = 5;

export async function flagsList(ctx: CommandContext): Promise<number> {
  const { store, location } = await ctx.store();
  const snapshot = await store.loadConfig();
  const flags = snapshot?.config.flags ?? [];
  if (ctx.out.json) {
    ctx.out.data({ version: snapshot?.version ?? 0, flags, segments: snapshot?.config.segments ?? [] });
    return EXIT.ok;
  }
  if (flags.length === 0) {
    ctx.out.line(`no flags in ${location.display}`);
    return EXIT.ok;
  }
  const rows = flags.map((flag) => [
    flag.key,
    flag.enabled === false ? 'off' : 'on',
    flag.kind ?? 'flag',
    describeServe(flag),
    String(flag.rules?.length ?? 0),
  ]);
  for (const line of table([['KEY', 'ENABLED', 'KIND', 'SERVES', 'RULES'], ...rows], [4])) ctx.out.line(line);
  ctx.out.line(
    `\n${flags.length} flag${flags.length === 1 ? '' : 's'}, configuration version ${snapshot?.version}`,
  );
  return EXIT.ok;
}

export async function flagsGet(ctx: CommandContext): Promise<number> {
  const { store, location } = await ctx.store();
  const key = ctx.args[0] as string;
  const snapshot = await store.loadConfig();
  const flag = findFlag(snapshot, key, location.display);
  if (ctx.out.json) ctx.out.data(flag);
  else ctx.out.write(stringifyYaml(flag));
  return EXIT.ok;
}

export async function flagsSet(ctx: CommandContext): Promise<number> {
  const file = ctx.args[0];
  const inline = ctx.string('inline');
  if ((file === undefined) === (inline === undefined)) {
    throw new UsageError(`${ctx.name}: give a file (or - for stdin) or --inline text, not both`, ctx.name);
  }
  const input =
    inline === undefined
      ? await readInput(file as string, ctx.out.io, ctx.name)
      : { text: inline, source: '--inline' };
  const flagInput = readFlagInput(parseStructured(input, ctx.name), ctx.name);
  const replace = ctx.flag('replace');
  const dryRun = ctx.flag('dry-run');
  const { store, location } = await ctx.store();
  for (let attempt = 1; ; attempt++) {
    const snapshot = await store.loadConfig();
    const merged = mergeFlags(snapshot?.config, flagInput, replace);
    const changed = merged.added.length + merged.updated.length + merged.removed.length > 0;
    let version = snapshot?.version ?? 0;
    if (changed && !dryRun) {
      try {
        version = (await store.writeConfig(merged.config, { expectedVersion: version })).version;
      } catch (error) {
        if (isConflictError(error) && attempt < MAX_CONFLICTS) continue;
        throw error;
      }
    }
    const { added, updated, removed, unchanged } = merged;
    if (ctx.out.json) {
      ctx.out.data({ version, dryRun, added, updated, removed, unchanged });
      return EXIT.ok;
    }
    const parts = [
      added.length > 0 ? `added ${added.join(', ')}` : '',
      updated.length > 0 ? `updated ${updated.join(', ')}` : '',
      removed.length > 0 ? `removed ${removed.join(', ')}` : '',
      unchanged.length > 0 ? `unchanged ${unchanged.join(', ')}` : '',
    ].filter((part) => part !== '');
    const what = parts.join('; ') || 'nothing to change';
    if (dryRun) ctx.out.line(`dry run, nothing written to ${location.display}: would have ${what}`);
    else ctx.out.line(`${location.display}: ${what} (version ${version})`);
    return EXIT.ok;
  }
}

export function flagsEnable(ctx: CommandContext): Promise<number> {
  return setEnabled(ctx, true);
}

export function flagsDisable(ctx: CommandContext): Promise<number> {
  return setEnabled(ctx, false);
}

async function setEnabled(ctx: CommandContext, enabled: boolean): Promise<number> {
  const { store, location } = await ctx.store();
  const key = ctx.args[0] as string;
  const { snapshot, changed } = await updateFlag(store, location.display, key, (flag) =>
    (flag.enabled ?? true) === enabled ? flag : { ...flag, enabled, version: (flag.version ?? 1) + 1 },
  );
  const state = enabled ? 'enabled' : 'disabled';
  if (ctx.out.json) ctx.out.data({ key, enabled, changed, version: snapshot.version });
  else
    ctx.out.line(changed ? `${key} ${state} (version ${snapshot.version})` : `${key} was already ${state}`);
  return EXIT.ok;
}

export async function flagsValidate(ctx: CommandContext): Promise<number> {
  const file = ctx.args[0];
  let config: FlagsConfig;
  let source: string;
  if (file !== undefined) {
    const input = await readInput(file, ctx.out.io, ctx.name);
    source = input.source;
    config = validated(parseStructured(input, ctx.name) as FlagsConfig, source);
  } else {
    if (ctx.storeLocation() === undefined) {
      throw new UsageError(
        `${ctx.name}: give a flags file, or --store to validate the store's configuration`,
        ctx.name,
      );
    }
    const { store, location } = await ctx.store();
    source = location.display;
    config = (await store.loadConfig())?.config ?? { flags: [] };
  }
  const flags = config.flags.length;
  const segments = config.segments?.length ?? 0;
  if (ctx.out.json) ctx.out.data({ valid: true, source, flags, segments });
  else
    ctx.out.line(
      `${source}: valid (${flags} flag${flags === 1 ? '' : 's'}, ${segments} segment${segments === 1 ? '' : 's'})`,
    );
  return EXIT.ok;
}

/** @throws CliError (exit 2) when the flag does not exist */
function findFlag(snapshot: ConfigSnapshot | null, key: string, where: string): FlagDefinition {
  const flag = snapshot?.config.flags.find((candidate) => candidate.key === key);
  if (flag !== undefined) return flag;
  const known = snapshot?.config.flags.map((candidate) => candidate.key) ?? [];
  const hint =
    known.length === 0
      ? 'it holds no flags'
      : `it has ${known.slice(0, 10).join(', ')}${known.length > 10 ? ', …' : ''}`;
  throw new CliError(`no flag "${key}" in ${where} (${hint})`, EXIT.usage, 'RAMPKIT_FLAG_NOT_FOUND');
}

/** Compare-and-set of one flag, re-reading after a conflict. */
async function updateFlag(
  store: ConfigStore,
  where: string,
  key: string,
  change: (flag: FlagDefinition) => FlagDefinition,
): Promise<{ snapshot: ConfigSnapshot; changed: boolean }> {
  for (let attempt = 1; ; attempt++) {
    const snapshot = await store.loadConfig();
    const flag = findFlag(snapshot, key, where);
    const next = change(flag);
    if (next === flag) return { snapshot: snapshot as ConfigSnapshot, changed: false };
    const config = snapshot?.config as FlagsConfig;
    const flags = config.flags.map((candidate) => (candidate.key === key ? next : candidate));
    try {
      const written = await store.writeConfig(
        { ...config, flags },
        { expectedVersion: snapshot?.version ?? 0 },
      );
      return { snapshot: written, changed: true };
    } catch (error) {
      if (!isConflictError(error) || attempt >= MAX_CONFLICTS) throw error;
    }
  }
}

/** `stable`, `canary 25% / stable 75%`, `on 50% / off 50% (coverage 20%)`. */
export function describeServe(flag: FlagDefinition): string {
  const { variation, split } = flag.fallthrough;
  if (variation !== undefined) return variation;
  if (split === undefined) return '–';
  const arms = split.weights.map((entry) => `${entry.variation} ${weight(entry.weight / 100)}`).join(' / ');
  return split.coverage === undefined || split.coverage === 10_000
    ? arms
    : `${arms} (coverage ${weight(split.coverage / 100)})`;
}
