import type { RampkitClient } from '../client/client.js';
import type { JsonValue } from '../model/types.js';

/**
 * The value of every variation of every flag, for serving a forced (override) variation: the client
 * answers only with the variation a unit is bucketed into. Follows the client's store; built only when
 * overrides are on.
 */
export class VariationCatalog {
  #variations = new Map<string, Readonly<Record<string, JsonValue>>>();
  readonly #client: RampkitClient;
  readonly #onChange = (): void => {
    void this.refresh();
  };
  #loading: Promise<void> | undefined;

  constructor(client: RampkitClient) {
    this.#client = client;
    client.on('change', this.#onChange);
    void this.refresh();
  }

  /** Resolves once the store's configuration has been read (again). Never rejects. */
  refresh(): Promise<void> {
    const loading = this.#client.store.loadConfig().then(
      (snapshot) => {
        if (!snapshot) return;
        const next = new Map<string, Readonly<Record<string, JsonValue>>>();
        for (const flag of snapshot.config.flags) next.set(flag.key, flag.variations);
        this.#variations = next;
      },
      (error: unknown) => {
        // The client reports store outages itself; an override waits for the next successful read.
        void error;
      },
    );
    this.#loading = loading;
    return loading;
  }

  /** Resolves when the latest read has finished. */
  settled(): Promise<void> {
    return this.#loading ?? Promise.resolve();
  }

  /** `{ value }` of a flag's variation, or undefined when no such flag or variation is known. */
  lookup(flagKey: string, variation: string): { value: JsonValue } | undefined {
    const variations = this.#variations.get(flagKey);
    if (variations === undefined || !Object.hasOwn(variations, variation)) return undefined;
    return { value: variations[variation] as JsonValue };
  }

  close(): void {
    this.#client.off('change', this.#onChange);
  }
}
