import {
  type ConfigSnapshot,
  type FlagsConfig,
  MemoryStore,
  type RampkitStore,
  type Unsubscribe,
} from '@rampkit/core';

/**
 * A MemoryStore whose connection a test controls: `fail` makes loads reject (an outage at start),
 * `reportStale`/`reportFresh`/`reportError` play what a RedisStore reports on its subscription.
 */
export class FakeStore implements RampkitStore {
  readonly memory: MemoryStore;
  fail = false;
  #listeners: { onError?: (error: Error) => void; onStale?: (stale: boolean) => void } = {};

  constructor(config?: FlagsConfig) {
    this.memory = new MemoryStore(config ? { config } : {});
  }

  async loadConfig(): Promise<ConfigSnapshot | null> {
    if (this.fail) throw new Error('store unreachable');
    return this.memory.loadConfig();
  }

  writeConfig(config: FlagsConfig, options: { expectedVersion: number }): Promise<ConfigSnapshot> {
    return this.memory.writeConfig(config, options);
  }

  subscribeConfig(
    listener: (snapshot: ConfigSnapshot) => void,
    onError?: (error: Error) => void,
    onStale?: (stale: boolean) => void,
  ): Unsubscribe {
    this.#listeners = { ...(onError ? { onError } : {}), ...(onStale ? { onStale } : {}) };
    return this.memory.subscribeConfig(listener, onError);
  }

  reportStale(): void {
    this.#listeners.onStale?.(true);
  }

  reportFresh(): void {
    this.#listeners.onStale?.(false);
  }

  reportError(message: string): void {
    this.#listeners.onError?.(new Error(message));
  }

  close(): void {
    this.memory.close();
  }
}
