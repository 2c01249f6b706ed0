/**
 * Writes the configuration on stdin (JSON) to Redis under the prefix in argv[2] (REDIS_URL, default
 * redis://127.0.0.1:6379), as version 1. Its own process, so that the writer's copies and command
 * buffers are not in the heap the rampkit-redis adapter measures.
 */
import { text } from 'node:stream/consumers';
import { RedisStore } from '@rampkit/redis';

const store = new RedisStore({
  url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  prefix: process.argv[2],
});
try {
  await store.writeConfig(JSON.parse(await text(process.stdin)), { expectedVersion: 0 });
} finally {
  await store.close();
}
