import type { DocumentStore } from '@rampkit/core';
import { toDifference } from '../environments/config-diff.js';
import { diffLines } from '../environments/diff-text.js';
import { type PromoteResult, promoteFlags } from '../environments/promote.js';
import type { Command } from '../program/command.js';
import { UsageError } from '../program/errors.js';
import { EXIT } from '../program/exit-codes.js';
import { AUDIT_OPTIONS, auditInfo } from './audit-options.js';
import { ENVIRONMENT_DETAILS, ENVIRONMENT_OPTIONS, refuseStoreOptions } from './environment-options.js';

/** `flags promote <key...> --from … --to …`: copies flag definitions from one environment to another. */
export const flagsPromote: Command = {
  spec: {
    path: ['flags', 'promote'],
    args: ['<key...>'],
    summary: 'copy flags (and the segments they use) from one environment to another',
    details:
      'Copies the definitions of the named flags, and the segments their rules use, from --from into\n' +
      'the configuration of --to; the other flags of --to stay. The result is validated whole and\n' +
      'written in one compare-and-set write with an entry in the audit log (flags history) naming the\n' +
      'source. A flag that a live rollout owns in --to is not overwritten unless --force with --reason.\n' +
      'If --to changes between the read and the write, nothing is written: compare again and re-run.\n\n' +
      ENVIRONMENT_DETAILS,
    options: {
      ...ENVIRONMENT_OPTIONS,
      'dry-run': { type: 'boolean', description: 'check everything and show the changes, write nothing' },
      force: {
        type: 'boolean',
        description: 'overwrite flags that live rollouts own in --to (needs --reason)',
      },
      ...AUDIT_OPTIONS,
    },
    store: 'none',
    examples: [
      "rampkit flags promote checkout --from 'redis://127.0.0.1:6379?prefix=staging:' --to 'redis://127.0.0.1:6379?prefix=prod:' --dry-run",
      'rampkit flags promote checkout search --from file:staging.json --to file:prod.json --reason "release 4.2"',
    ],
  },

  async run(ctx) {
    refuseStoreOptions(ctx);
    const force = ctx.flag('force');
    const dryRun = ctx.flag('dry-run');
    const audit = auditInfo(ctx, 'flags.promote');
    if (force && (audit.reason === undefined || audit.reason.trim() === '')) {
      throw new UsageError(`${ctx.name}: --force needs --reason: the audit log records why`, ctx.name);
    }
    const from = await ctx.openStoreAt('from');
    const to = await ctx.openStoreAt('to');
    const result = await promoteFlags({
      source: { store: from.store, name: from.location.display },
      target: { store: to.store as typeof to.store & DocumentStore, name: to.location.display },
      keys: ctx.args,
      dryRun,
      force,
      audit,
      now: Date.now,
      warn: (message) => ctx.out.error(`warning: ${message}`),
    });
    if (ctx.out.json) ctx.out.data(result);
    else for (const line of describe(result)) ctx.out.line(line);
    return result.refusal === undefined ? EXIT.ok : EXIT.failed;
  },
};

function describe(result: PromoteResult): string[] {
  const items = [
    ...result.flags,
    ...result.segments.map((item) => ({ ...item, key: `segment ${item.key}` })),
  ];
  const what = (change: string) => items.filter((item) => item.change === change).map((item) => item.key);
  const summary = ['added', 'updated', 'unchanged']
    .map((change) => (what(change).length > 0 ? `${change} ${what(change).join(', ')}` : ''))
    .filter((part) => part !== '')
    .join('; ');
  const lines = [`from ${result.from.store} (version ${result.from.version ?? '-'}) to ${result.to.store}`];
  if (result.changes.length > 0) {
    lines.push(
      ...diffLines(result.changes.map(toDifference), { onlyInFrom: 'removed', onlyInTo: 'added' }),
      '',
    );
  }
  for (const owned of result.owned) {
    lines.push(
      `${result.dryRun ? 'would override' : 'overrode'} rollout ${owned.rolloutId} (${owned.status}) of ${owned.flag}`,
    );
  }
  if (result.refusal !== undefined) {
    lines.push(`dry run: would be refused: ${result.refusal}`);
    return lines;
  }
  if (result.dryRun) lines.push(`dry run, nothing written to ${result.to.store}: would have ${summary}`);
  else if (result.changes.length === 0) lines.push(`${result.to.store}: nothing to change (${summary})`);
  else {
    const audit = result.auditId === undefined ? '' : `, audit entry ${result.auditId}`;
    lines.push(
      `${result.to.store}: ${summary} (version ${result.to.version ?? 0} → ${result.version}${audit})`,
    );
  }
  return lines;
}
