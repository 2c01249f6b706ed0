/** Rampkit, configured in memory from `createClient({ flags })`: no store, no network. */
import { createClient } from '@rampkit/core';
import { packageVersion } from '../package-version.mjs';
import { countryOf, unitId } from '../shapes.mjs';

const SPLIT_50 = {
  split: {
    weights: [
      { variation: 'on', weight: 5000 },
      { variation: 'off', weight: 5000 },
    ],
  },
};
const BOOLEAN = { variations: { on: true, off: false }, offVariation: 'off' };

/** The Rampkit definition of one shape under a given key. */
export function definition(shape, key) {
  switch (shape) {
    case 'bool':
      return { key, ...BOOLEAN, fallthrough: { variation: 'on' } };
    case 'rollout':
      return { key, ...BOOLEAN, fallthrough: SPLIT_50 };
    case 'rule':
      return {
        key,
        ...BOOLEAN,
        rules: [{ conditions: [{ attribute: 'country', op: 'in', values: ['US', 'CA'] }], ...SPLIT_50 }],
        fallthrough: { variation: 'off' },
      };
    case 'three':
      return {
        key,
        variations: { a: 'a', b: 'b', c: 'c' },
        offVariation: 'a',
        fallthrough: {
          split: {
            weights: [
              { variation: 'a', weight: 3334 },
              { variation: 'b', weight: 3333 },
              { variation: 'c', weight: 3333 },
            ],
          },
        },
      };
    default:
      throw new Error(`unknown shape ${shape}`);
  }
}

export const name = 'rampkit';

export function version() {
  return packageVersion('@rampkit/core');
}

export function makeContext(i, prefix = 'user-') {
  return { targetingKey: prefix === 'user-' ? unitId(i) : `${prefix}${i}`, country: countryOf(i) };
}

/** `flags` lists `{ shape, key }`; returns evaluators by key and an allFlags function. */
export async function createSdk(flags) {
  const client = createClient({ flags: { flags: flags.map(({ shape, key }) => definition(shape, key)) } });
  await client.ready();
  return {
    evaluator(shape, key) {
      if (shape === 'three') return (ctx) => client.value(key, ctx, 'a');
      return (ctx) => client.isEnabled(key, ctx, false);
    },
    allFlags: (ctx) => client.allFlags(ctx),
    close: () => client.close(),
  };
}

/** How many flags an allFlags result holds, and the value it gives one of them (for the sanity check). */
export function allFlagsSize(result) {
  return Object.keys(result).length;
}

export function allFlagsValue(result, key) {
  return result[key]?.value;
}

/**
 * Two clients of one 50% rollout flag (a split, so an experiment): one that does not track, one
 * that tracks into `experimentData` (bench/evaluate/tracking.mjs). Rampkit only.
 */
export async function createTrackingSdk(experimentData) {
  const flags = { flags: [definition('rollout', 'rollout')] };
  const plain = createClient({ flags, experimentData: false });
  const tracking = createClient({ flags, experimentData, flushIntervalMs: 3_600_000 });
  await Promise.all([plain.ready(), tracking.ready()]);
  return {
    untracked: (ctx) => plain.isEnabled('rollout', ctx, false),
    tracked: (ctx) => tracking.isEnabled('rollout', ctx, false),
    track: (ctx) => tracking.track('purchase', ctx, 1),
    flush: () => tracking.flush(),
    stats: () => tracking.trackingStats,
    close: () => Promise.all([plain.close(), tracking.close()]),
  };
}
