import {
  type ExperimentDataStore,
  isStoreUnavailableError,
  MemoryStore,
  StoreUnavailableError,
} from '@rampkit/core';
import { RedisStore } from '@rampkit/redis';
import type { RolloutStore } from '@rampkit/rollout';
import { redactSecrets, redactUrl } from '../store/store-url.js';

export interface DemoStore {
  /** Flags, metrics and rollouts, and the experiments' tracked data. */
  store: RolloutStore & ExperimentDataStore;
  /** How to name it to the audience. */
  label: string;
  /** How a report names where its data came from: `memory`, or the Redis URL without a password. */
  source: string;
  /** Removes what the demo wrote (Redis: its private prefix) and closes. */
  close(): Promise<void>;
}

/**
 * The demo's store: memory by default, or Redis under a prefix of its own that is deleted after,
 * so a shared Redis keeps nothing of the demo.
 * @throws StoreUnavailableError when Redis does not answer (its URL shown without a password)
 */
export async function openDemoStore(redisUrl: string | undefined, now: () => number): Promise<DemoStore> {
  if (redisUrl === undefined) {
    const store = new MemoryStore({ now });
    return {
      store,
      label: 'in memory (pass --redis URL to run it through Redis)',
      source: 'memory',
      close: async () => store.close(),
    };
  }
  const prefix = `rampkit-demo:${process.pid}:${Math.random().toString(36).slice(2, 8)}:`;
  const store = new RedisStore({ url: redisUrl, prefix, now, commandTimeoutMs: 3000 });
  store.on('error', () => undefined);
  const password = safePassword(redisUrl);
  try {
    await store.loadConfig();
  } catch (error) {
    await store.close().catch(() => undefined);
    if (isStoreUnavailableError(error)) {
      throw new StoreUnavailableError(
        `Redis at ${redactUrl(redisUrl)} is unreachable: ${redactSecrets(error.message, password)}`,
      );
    }
    throw error;
  }
  return {
    store,
    label: `Redis at ${redactUrl(redisUrl)}, keys under ${prefix} (removed at the end)`,
    source: redactUrl(redisUrl),
    close: async () => {
      await deletePrefix(store, prefix).catch(() => undefined);
      await store.close();
    },
  };
}

function safePassword(url: string): string[] {
  try {
    const { password } = new URL(url);
    return password === '' ? [] : [password, decodeURIComponent(password)];
  } catch {
    return [];
  }
}

async function deletePrefix(store: RedisStore, prefix: string): Promise<void> {
  for (const pattern of [`{${prefix}}*`, `${prefix}*`]) {
    let cursor = '0';
    do {
      const [next, keys] = await store.client.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await store.client.del(...keys);
    } while (cursor !== '0');
  }
}
