/**
 * Unleash's Node SDK fully offline: features from `bootstrap.data`, an in-memory backup store,
 * metrics disabled, and `refreshInterval: 0` (without it the SDK still polls `url` although it was
 * bootstrapped). The url is required by the constructor but is never contacted.
 */
import { once } from 'node:events';
import { InMemStorageProvider, Unleash } from 'unleash-client';
import { packageVersion } from '../package-version.mjs';
import { countryOf, unitId } from '../shapes.mjs';

function flexibleRollout(groupId, rollout) {
  return { name: 'flexibleRollout', parameters: { rollout: String(rollout), stickiness: 'userId', groupId } };
}

/** The Unleash feature toggle of one shape under a given name. */
function feature(shape, key) {
  const base = { name: key, enabled: true, type: 'release', project: 'default', stale: false };
  switch (shape) {
    case 'bool':
      return { ...base, strategies: [{ name: 'default', parameters: {} }] };
    case 'rollout':
      return { ...base, strategies: [flexibleRollout(key, 50)] };
    case 'rule':
      return {
        ...base,
        strategies: [
          {
            ...flexibleRollout(key, 50),
            constraints: [{ contextName: 'country', operator: 'IN', values: ['US', 'CA'] }],
          },
        ],
      };
    case 'three':
      // Variant weights are out of 1000.
      return {
        ...base,
        strategies: [{ name: 'default', parameters: {} }],
        variants: [
          { name: 'a', weight: 334, weightType: 'fix', stickiness: 'userId' },
          { name: 'b', weight: 333, weightType: 'fix', stickiness: 'userId' },
          { name: 'c', weight: 333, weightType: 'fix', stickiness: 'userId' },
        ],
      };
    default:
      throw new Error(`unknown shape ${shape}`);
  }
}

export const name = 'unleash';

export function version() {
  return packageVersion('unleash-client');
}

export function makeContext(i, prefix = 'user-') {
  return { userId: prefix === 'user-' ? unitId(i) : `${prefix}${i}`, properties: { country: countryOf(i) } };
}

export async function createSdk(flags) {
  const client = new Unleash({
    appName: 'rampkit-bench',
    url: 'http://127.0.0.1:9/api/',
    refreshInterval: 0,
    disableMetrics: true,
    storageProvider: new InMemStorageProvider(),
    bootstrap: { data: flags.map(({ shape, key }) => feature(shape, key)) },
    skipInstanceCountWarning: true,
  });
  client.on('error', (error) => {
    throw error;
  });
  if (!client.isSynchronized()) await once(client, 'synchronized');
  return {
    evaluator(shape, key) {
      if (shape === 'three') return (ctx) => client.getVariant(key, ctx).name;
      return (ctx) => client.isEnabled(key, ctx, false);
    },
    close: () => client.destroy(),
  };
}
