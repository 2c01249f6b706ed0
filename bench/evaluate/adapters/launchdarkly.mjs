/**
 * LaunchDarkly's Node server SDK with the `TestData` update processor in place of streaming or
 * polling, and `sendEvents: false` (which also turns diagnostics off). The SDK key is required but
 * never sent anywhere. Flags are LaunchDarkly flag JSON given to `usePreconfiguredFlag`, because
 * the TestData builder cannot express a percentage rollout. Rollout weights are in 1/1000 of a
 * percent (100000 in all). LaunchDarkly's evaluation API is asynchronous (it returns a Promise).
 */
import { basicLogger, init } from '@launchdarkly/node-server-sdk';
import { TestData } from '@launchdarkly/node-server-sdk/integrations';
import { packageVersion } from '../package-version.mjs';
import { countryOf, unitId } from '../shapes.mjs';

function rollout(weights) {
  return { variations: weights.map((weight, variation) => ({ variation, weight })), bucketBy: 'key' };
}

/** The LaunchDarkly flag JSON of one shape under a given key. */
function flag(shape, key) {
  const base = { key, version: 1, on: true, salt: key, targets: [], prerequisites: [], rules: [] };
  switch (shape) {
    case 'bool':
      return { ...base, variations: [true, false], offVariation: 1, fallthrough: { variation: 0 } };
    case 'rollout':
      return {
        ...base,
        variations: [true, false],
        offVariation: 1,
        fallthrough: { rollout: rollout([50000, 50000]) },
      };
    case 'rule':
      return {
        ...base,
        variations: [true, false],
        offVariation: 1,
        rules: [
          {
            id: `${key}-rule`,
            clauses: [
              { contextKind: 'user', attribute: 'country', op: 'in', values: ['US', 'CA'], negate: false },
            ],
            rollout: rollout([50000, 50000]),
          },
        ],
        fallthrough: { variation: 1 },
      };
    case 'three':
      return {
        ...base,
        variations: ['a', 'b', 'c'],
        offVariation: 0,
        fallthrough: { rollout: rollout([33334, 33333, 33333]) },
      };
    default:
      throw new Error(`unknown shape ${shape}`);
  }
}

export const name = 'launchdarkly';
export const asynchronous = true;

export function version() {
  return packageVersion('@launchdarkly/node-server-sdk');
}

export function makeContext(i, prefix = 'user-') {
  return { kind: 'user', key: prefix === 'user-' ? unitId(i) : `${prefix}${i}`, country: countryOf(i) };
}

export async function createSdk(flags) {
  const td = new TestData();
  await Promise.all(flags.map(({ shape, key }) => td.usePreconfiguredFlag(flag(shape, key))));
  const client = init('sdk-bench-offline', {
    updateProcessor: td.getFactory(),
    sendEvents: false,
    diagnosticOptOut: true,
    logger: basicLogger({ level: 'warn' }),
  });
  await client.waitForInitialization({ timeout: 5 });
  return {
    evaluator(_shape, key) {
      const fallback = _shape === 'three' ? 'a' : false;
      return (ctx) => client.variation(key, ctx, fallback);
    },
    allFlags: (ctx) => client.allFlagsState(ctx),
    close: () => client.close(),
  };
}

/** How many flags an allFlagsState result holds, and the value it gives one of them (for the sanity check). */
export function allFlagsSize(state) {
  return state.valid ? Object.keys(state.allValues()).length : 0;
}

export function allFlagsValue(state, key) {
  return state.getFlagValue(key);
}
