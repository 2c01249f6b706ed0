/**
 * GrowthBook's multi-user server class, `GrowthBookClient`, given its payload with `initSync`:
 * without `streaming` or `pollingInterval` it starts no background sync. Users are passed per call.
 */
import { GrowthBookClient } from '@growthbook/growthbook';
import { packageVersion } from '../package-version.mjs';
import { countryOf, unitId } from '../shapes.mjs';

/** The GrowthBook feature definition of one shape. A percentage rollout is a force rule with coverage. */
function feature(shape, key) {
  switch (shape) {
    case 'bool':
      return { defaultValue: true };
    case 'rollout':
      return {
        defaultValue: false,
        rules: [{ id: `${key}-rollout`, force: true, coverage: 0.5, hashAttribute: 'id' }],
      };
    case 'rule':
      return {
        defaultValue: false,
        rules: [
          {
            id: `${key}-rule`,
            condition: { country: { $in: ['US', 'CA'] } },
            force: true,
            coverage: 0.5,
            hashAttribute: 'id',
          },
        ],
      };
    case 'three':
      return {
        defaultValue: 'a',
        rules: [
          {
            id: `${key}-split`,
            key,
            variations: ['a', 'b', 'c'],
            weights: [0.3334, 0.3333, 0.3333],
            coverage: 1,
            hashAttribute: 'id',
          },
        ],
      };
    default:
      throw new Error(`unknown shape ${shape}`);
  }
}

export const name = 'growthbook';

export function version() {
  return packageVersion('@growthbook/growthbook');
}

export function makeContext(i, prefix = 'user-') {
  return { attributes: { id: prefix === 'user-' ? unitId(i) : `${prefix}${i}`, country: countryOf(i) } };
}

export async function createSdk(flags) {
  const features = Object.fromEntries(flags.map(({ shape, key }) => [key, feature(shape, key)]));
  const client = new GrowthBookClient().initSync({ payload: { features } });
  return {
    evaluator(shape, key) {
      if (shape === 'three') return (ctx) => client.getFeatureValue(key, 'a', ctx);
      return (ctx) => client.isOn(key, ctx);
    },
    close: () => client.destroy(),
  };
}
