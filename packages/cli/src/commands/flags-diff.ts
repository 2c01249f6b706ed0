import { diffEnvironments, type EnvironmentDiff } from '../environments/config-diff.js';
import { diffLines, plural } from '../environments/diff-text.js';
import type { Command } from '../program/command.js';
import { CliError } from '../program/errors.js';
import { EXIT } from '../program/exit-codes.js';
import { ENVIRONMENT_DETAILS, ENVIRONMENT_OPTIONS, refuseStoreOptions } from './environment-options.js';

/** `flags diff --from … --to …`: how two environments' flags differ; exits like diff(1). */
export const flagsDiff: Command = {
  spec: {
    path: ['flags', 'diff'],
    args: ['[key...]'],
    summary: 'compare the flags and segments of two environments (exit 1 when they differ)',
    details:
      'Lists the flags and segments found on one side only and, for those on both, every field that\n' +
      'differs by its JSON path (variations, rules, splits and weights, segments, enabled,\n' +
      "offVariation…), --from's value first. A flag's own version counter is not compared. With keys,\n" +
      'only those flags and the segments they use.\n\n' +
      `${ENVIRONMENT_DETAILS}\n\n` +
      'Exit codes: 0 the same, 1 they differ, 2 usage error, 3 a store is unreachable.',
    options: ENVIRONMENT_OPTIONS,
    store: 'none',
    examples: [
      "rampkit flags diff --from 'redis://127.0.0.1:6379?prefix=staging:' --to 'redis://127.0.0.1:6379?prefix=prod:'",
      'rampkit flags diff checkout --from file:staging.json --to file:prod.json --json',
    ],
  },

  async run(ctx) {
    refuseStoreOptions(ctx);
    const from = await ctx.openStoreAt('from');
    const to = await ctx.openStoreAt('to');
    const [a, b] = await Promise.all([from.store.loadConfig(), to.store.loadConfig()]);
    const known = new Set([...(a?.config.flags ?? []), ...(b?.config.flags ?? [])].map((flag) => flag.key));
    const unknown = ctx.args.filter((key) => !known.has(key));
    if (unknown.length > 0) {
      throw new CliError(
        `no flag ${unknown.map((key) => JSON.stringify(key)).join(', ')} in ${from.location.display} or ${to.location.display}`,
        EXIT.usage,
        'RAMPKIT_FLAG_NOT_FOUND',
      );
    }
    const diff = diffEnvironments(
      { store: from.location.display, snapshot: a },
      { store: to.location.display, snapshot: b },
      ctx.args,
    );
    if (ctx.out.json) ctx.out.data(diff);
    else for (const line of describe(diff)) ctx.out.line(line);
    return diff.identical ? EXIT.ok : EXIT.failed;
  },
};

function describe(diff: EnvironmentDiff): string[] {
  const version = (side: EnvironmentDiff['from']) =>
    side.version === null ? 'nothing written yet' : `version ${side.version}`;
  const head = [
    `--- from ${diff.from.store} (${version(diff.from)})`,
    `+++ to   ${diff.to.store} (${version(diff.to)})`,
  ];
  const { flags, segments } = diff.summary;
  if (diff.identical) {
    return [
      ...head,
      `no differences: ${plural(flags.same, 'flag')} and ${plural(segments.same, 'segment')} the same on both sides`,
    ];
  }
  const count = (name: string, c: EnvironmentDiff['summary']['flags']) =>
    `${name}: ${c.changed} changed, ${c.onlyInFrom} only in --from, ${c.onlyInTo} only in --to, ${c.same} the same`;
  return [
    ...head,
    ...diffLines(diff.differences, { onlyInFrom: 'only in --from', onlyInTo: 'only in --to' }),
    '',
    `${plural(diff.differences.length, 'difference')}; ${count('flags', flags)}; ${count('segments', segments)}`,
  ];
}
