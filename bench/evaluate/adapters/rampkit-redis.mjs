/**
 * Rampkit fed by a RedisStore: the flags of the rampkit adapter are written to Redis (REDIS_URL,
 * default redis://127.0.0.1:6379, under a prefix of its own, deleted on close) by another process
 * (redis-writer.mjs), then a client loads them through a store, as an app would. Measured in the
 * memory table only (run.mjs, MEMORY_ONLY): its evaluations are those of the rampkit adapter.
 * With RAMPKIT_REDIS_HEAP_AT=ready the heap is taken as soon as the client is ready, without waiting
 * for the subscription's first read (what an app measuring at ready would see).
 */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from '@rampkit/core';
import { RedisStore } from '@rampkit/redis';
import { definition } from './rampkit.mjs';

export { allFlagsSize, allFlagsValue, makeContext, version } from './rampkit.mjs';

export const name = 'rampkit-redis';

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const writer = join(dirname(dirname(fileURLToPath(import.meta.url))), 'redis-writer.mjs');
let made = 0;
const SETTLE_MS = 1500;
const atReady = process.env.RAMPKIT_REDIS_HEAP_AT === 'ready';

/** `flags` lists `{ shape, key }`; returns evaluators by key and an allFlags function. */
export async function createSdk(flags) {
  made += 1;
  const prefix = `bench-evaluate-redis-${process.pid}-${made}:`;
  const config = { flags: flags.map(({ shape, key }) => definition(shape, key)) };
  execFileSync(process.execPath, [writer, prefix], {
    input: JSON.stringify(config),
    env: { ...process.env, REDIS_URL: url },
  });
  const store = new RedisStore({ url, prefix });
  // The client loads the configuration and subscribes; the subscription's first read finds the
  // version the load read and shares its snapshot (before, it read and decoded a second copy, in
  // flight for about half a second after ready). By default the heap is measured once that read
  // and any that coalesce after it are done; RAMPKIT_REDIS_HEAP_AT=ready measures at ready.
  let followed;
  const first = new Promise((resolve) => {
    followed = store.subscribeConfig(resolve);
  });
  const client = createClient({ store });
  if (atReady) {
    await client.ready();
    followed();
  } else {
    await Promise.all([client.ready(), first]);
    followed();
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  }
  return {
    evaluator(shape, key) {
      if (shape === 'three') return (ctx) => client.value(key, ctx, 'a');
      return (ctx) => client.isEnabled(key, ctx, false);
    },
    allFlags: (ctx) => client.allFlags(ctx),
    async close() {
      await client.close();
      await store.client.del(store.keys.config, store.keys.audit);
      await store.close();
    },
  };
}
