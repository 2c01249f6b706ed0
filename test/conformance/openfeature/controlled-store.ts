import {
  type ConfigSnapshot,
  type FlagsConfig,
  MemoryStore,
  type RampkitStore,
  type Unsubscribe,
} from '@rampkit/core';

/**
 * A config store in a chosen condition, to put the provider in each OpenFeature status for real:
 * - `pending`: the first load never answers until `release()` (the provider stays NOT_READY);
 * - `down`: every load fails (initialize times out: ERROR);
 * - `up`: a MemoryStore; `goStale()` reports a lost connection, as a RedisStore does (STALE).
 */
export class ControlledStore implements RampkitStore {
  readonly #memory: MemoryStore;
  readonly #mode: 'pending' | 'down' | 'up';
  #release: (() => void) | undefined;
  #onStale: ((stale: boolean) => void) | undefined;

  constructor(config: FlagsConfig, mode: 'pending' | 'down' | 'up') {
    this.#memory = new MemoryStore({ config });
    this.#mode = mode;
  }

  async loadConfig(): Promise<ConfigSnapshot | null> {
    if (this.#mode === 'down') throw new Error('store unreachable (test)');
    if (this.#mode === 'pending') await new Promise<void>((resolve) => (this.#release = resolve));
    return this.#memory.loadConfig();
  }

  writeConfig(config: FlagsConfig, options: { expectedVersion: number }): Promise<ConfigSnapshot> {
    return this.#memory.writeConfig(config, options);
  }

  subscribeConfig(
    listener: (snapshot: ConfigSnapshot) => void,
    onError?: (error: Error) => void,
    onStale?: (stale: boolean) => void,
  ): Unsubscribe {
    this.#onStale = onStale;
    return this.#memory.subscribeConfig(listener, onError);
  }

  /** Lets a pending first load answer; true when one was pending. */
  release(): boolean {
    const release = this.#release;
    this.#release = undefined;
    release?.();
    return release !== undefined;
  }

  goStale(): void {
    this.#onStale?.(true);
  }

  close(): void {
    this.release();
    this.#memory.close();
  }
}
