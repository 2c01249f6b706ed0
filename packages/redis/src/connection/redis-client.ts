import { Cluster, type ClusterNode, type ClusterOptions, Redis, type RedisOptions } from 'ioredis';

/** A standalone (or Sentinel-managed) ioredis client, or an ioredis Cluster. */
export type RedisClient = Redis | Cluster;

/** Where the store connects. Give one of `client`, `url`, `redis` or `cluster`. */
export interface RedisConnectionOptions {
  /**
   * An ioredis client you created: `new Redis(…)`, a Sentinel client or `new Cluster(…)`.
   * The store registers its scripts on it and never closes it; give it a `commandTimeout` and
   * `enableOfflineQueue: false` to get the same failure behaviour as a client the store creates.
   */
  client?: RedisClient;
  /** `redis://[user:password@]host:port[/db]` or `rediss://…` (TLS). @default 'redis://127.0.0.1:6379' */
  url?: string;
  /** ioredis options for a standalone server or Sentinel (`sentinels` + `name`). */
  redis?: RedisOptions;
  /** Startup nodes of a Redis Cluster and ioredis Cluster options. */
  cluster?: { nodes: ClusterNode[]; options?: ClusterOptions };
}

// ioredis 6 types its reply mapping in a way `exactOptionalPropertyTypes` rejects for any options
// object that was not written inline; these views accept the documented option types.
const RedisClass = Redis as unknown as new (
  urlOrOptions: string | RedisOptions,
  options?: RedisOptions,
) => Redis;
const ClusterClass = Cluster as unknown as new (nodes: ClusterNode[], options?: ClusterOptions) => Cluster;

/**
 * Settings for the clients the store creates: commands fail at once instead of queueing while the
 * connection is down (no unbounded queue), a command that hangs times out, and reconnection keeps
 * trying every 2 s at most.
 */
function ownDefaults(commandTimeoutMs: number): RedisOptions {
  return {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: commandTimeoutMs,
    connectTimeout: Math.max(commandTimeoutMs, 2_000),
    retryStrategy: (attempt: number) => Math.min(attempt * 100, 2_000),
  };
}

/** The command client, and whether the store created it (and so must close it). */
export function connectRedis(
  options: RedisConnectionOptions,
  commandTimeoutMs: number,
): { client: RedisClient; owned: boolean } {
  if (options.client) return { client: options.client, owned: false };
  const defaults = ownDefaults(commandTimeoutMs);
  if (options.cluster) {
    const { nodes, options: clusterOptions } = options.cluster;
    const client = new ClusterClass(nodes, {
      enableOfflineQueue: false,
      clusterRetryStrategy: (attempt: number) => Math.min(attempt * 100, 2_000),
      ...clusterOptions,
      redisOptions: { ...defaults, ...clusterOptions?.redisOptions },
    });
    return { client, owned: true };
  }
  if (options.redis) return { client: new RedisClass({ ...defaults, ...options.redis }), owned: true };
  return { client: new RedisClass(options.url ?? 'redis://127.0.0.1:6379', defaults), owned: true };
}

/** A second connection with the same settings, for pub/sub (a subscribed connection runs no other command). */
export function duplicateClient(client: RedisClient): RedisClient {
  return client.isCluster ? (client as Cluster).duplicate() : (client as Redis).duplicate();
}
