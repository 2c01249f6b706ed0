/** Writes 10,000-flag configurations on request, from its own process (env: REDIS_URL, RK_PREFIX). */
import { RedisStore } from '@rampkit/redis';
import { flagsConfig } from './configs.mjs';

const store = new RedisStore({ url: process.env.REDIS_URL, prefix: process.env.RK_PREFIX });
const configs = new Map();
process.on('message', async ({ version }) => {
  await store.writeConfig(configs.get(version) ?? flagsConfig(version, 10_000), {
    expectedVersion: version - 1,
  });
  process.send?.({ written: version });
});
// Build the configuration before being asked, so the write itself is all that happens on request.
configs.set(2, flagsConfig(2, 10_000));
process.send?.({ ready: true });
