import { isExperimentDataStore } from '@rampkit/core';
import { type ExperimentFlag, experimentFlags, unitsPerArm } from '../experiment/experiment-flags.js';
import { count, table, weight } from '../format/format.js';
import type { Command } from '../program/command.js';
import { EXIT } from '../program/exit-codes.js';

/** One experiment as `experiment list --json` prints it. */
export interface ListedExperiment extends ExperimentFlag {
  /** Units exposed per arm, from the tracked data; null when the store keeps none (a flags file). */
  exposed: Array<{ arm: string; units: number }> | null;
}

/** `experiment list`: the experiments in the store, their arms, status and units exposed so far. */
export const experimentList: Command = {
  spec: {
    path: ['experiment', 'list'],
    args: [],
    summary: 'list the experiments in the store with units exposed per arm',
    details:
      'An experiment is a flag of kind experiment, or any plain flag serving a split (canary flags are ' +
      'rollouts). Its arms are the split’s variations; units exposed per arm come from the data the ' +
      'apps track (client.track) into the store. A flags file keeps no tracked data: its experiments ' +
      'are listed without units.',
    options: {},
    store: 'required',
    examples: [
      'rampkit experiment list --store redis://127.0.0.1:6379',
      'rampkit experiment list --store redis://127.0.0.1:6379 --json',
    ],
  },

  async run(ctx) {
    const { store, location } = await ctx.store();
    const snapshot = await store.loadConfig();
    const tracked = isExperimentDataStore(store) ? store : undefined;
    const listed: ListedExperiment[] = [];
    for (const flag of experimentFlags(snapshot?.config)) {
      const rows = tracked === undefined ? null : await tracked.readExperimentUnits(flag.key);
      listed.push({ ...flag, exposed: rows === null ? null : unitsPerArm(flag.arms, rows) });
    }
    if (ctx.out.json) {
      ctx.out.data({ tracked: tracked !== undefined, experiments: listed });
      return EXIT.ok;
    }
    if (listed.length === 0) {
      ctx.out.line(`no experiments in ${location.display} (flags that serve a split, not canaries)`);
      return EXIT.ok;
    }
    const rows = listed.map((experiment) => [
      experiment.key,
      experiment.status,
      experiment.arms.length === 0
        ? '–'
        : experiment.arms.map((arm) => `${arm.key} ${weight(arm.weight / 100)}`).join(' / '),
      experiment.exposed === null
        ? '–'
        : experiment.exposed.map((arm) => `${arm.arm} ${count(arm.units)}`).join(' / '),
    ]);
    for (const line of table([['KEY', 'STATUS', 'SPLIT', 'UNITS EXPOSED'], ...rows])) ctx.out.line(line);
    if (tracked === undefined)
      ctx.out.line(
        `\n${location.display} keeps no tracked data: units are counted in the store apps track into (Redis)`,
      );
    return EXIT.ok;
  },
};
