import { RedisStore, type RedisStoreOptions } from './redis-deps.js';

/**
 * Opens stores on one Redis deployment (the shared standalone server or a local cluster) under one
 * prefix, and closes them all after each test, so a failing test leaves no connection open.
 */
export class RedisTarget {
  readonly name: string;
  readonly #connection: () => Pick<RedisStoreOptions, 'url' | 'cluster'>;
  readonly #prefix: string;
  readonly #open = new Set<RedisStore>();

  /** `connection` is read when a store opens, so a suite can start its cluster in `beforeAll`. */
  constructor(name: string, connection: () => Pick<RedisStoreOptions, 'url' | 'cluster'>, prefix: string) {
    this.name = name;
    this.#connection = connection;
    this.#prefix = prefix;
  }

  get prefix(): string {
    return this.#prefix;
  }

  /** A store on this deployment; `prefix` defaults to the target's. */
  store(options: Omit<RedisStoreOptions, 'url' | 'cluster' | 'client' | 'redis'> = {}): RedisStore {
    const store = new RedisStore({ prefix: this.#prefix, ...this.#connection(), ...options });
    this.#open.add(store);
    return store;
  }

  async closeAll(): Promise<void> {
    const stores = [...this.#open];
    this.#open.clear();
    await Promise.all(stores.map((store) => store.close()));
  }
}
