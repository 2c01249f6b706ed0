import { RedisStore, type RedisStoreOptions } from './redis-deps.js';

type Connection = Pick<RedisStoreOptions, 'url' | 'cluster' | 'client'>;

/**
 * Opens stores on one Redis deployment (the shared standalone server or a local cluster) under one
 * prefix, and closes them all after each test, so a failing test leaves no connection open. A
 * connection that is a `client` (which stores never close) is disconnected with its store.
 */
export class RedisTarget {
  readonly name: string;
  readonly #connection: () => Connection;
  readonly #prefix: string;
  readonly #open = new Map<RedisStore, Connection['client']>();

  /** `connection` is read when a store opens, so a suite can start its cluster in `beforeAll`. */
  constructor(name: string, connection: () => Connection, prefix: string) {
    this.name = name;
    this.#connection = connection;
    this.#prefix = prefix;
  }

  get prefix(): string {
    return this.#prefix;
  }

  /** A store on this deployment; `prefix` defaults to the target's. */
  store(options: Omit<RedisStoreOptions, 'url' | 'cluster' | 'client' | 'redis'> = {}): RedisStore {
    const connection = this.#connection();
    const store = new RedisStore({ prefix: this.#prefix, ...connection, ...options });
    this.#open.set(store, connection.client);
    return store;
  }

  async closeAll(): Promise<void> {
    const open = [...this.#open];
    this.#open.clear();
    await Promise.all(
      open.map(async ([store, client]) => {
        await store.close();
        client?.disconnect();
      }),
    );
  }
}
