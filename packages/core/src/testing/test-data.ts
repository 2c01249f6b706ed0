import { createClient, type RampkitClient } from '../client/client.js';
import type { ClientOptions } from '../client/options.js';
import type { FlagDefinition, FlagsConfig, SegmentDefinition } from '../model/types.js';
import { MemoryStore } from '../stores/memory/memory-store.js';
import { FlagBuilder } from './flag-builder.js';

/**
 * Flags for tests, changed at will while clients follow them:
 *
 * ```ts
 * const td = new TestData();
 * await td.update(td.flag('checkout').percentage({ on: 20, off: 80 }).forUnit('qa-1', true));
 * const client = td.client();
 * ```
 * Every update goes through a real MemoryStore (validated, versioned), so tests exercise the same
 * path as production configuration changes.
 */
export class TestData {
  readonly store: MemoryStore;
  readonly #flags = new Map<string, FlagDefinition>();
  readonly #segments = new Map<string, SegmentDefinition>();

  constructor(options: { now?: () => number } = {}) {
    this.store = new MemoryStore(options.now ? { now: options.now } : {});
  }

  /** A builder for `key`: a boolean flag serving `true` until told otherwise. */
  flag(key: string): FlagBuilder {
    return new FlagBuilder(key).booleanFlag();
  }

  /** Adds or replaces flags (their versions are bumped) and writes the configuration. */
  async update(...builders: Array<FlagBuilder | FlagDefinition>): Promise<void> {
    for (const builder of builders) {
      const key = builder.key;
      const version = (this.#flags.get(key)?.version ?? 0) + 1;
      const definition = builder instanceof FlagBuilder ? builder.build(version) : { ...builder, version };
      this.#flags.set(key, definition);
    }
    await this.#write();
  }

  /** Adds or replaces a segment. */
  async segment(segment: SegmentDefinition): Promise<void> {
    this.#segments.set(segment.key, segment);
    await this.#write();
  }

  /** Removes a flag. */
  async remove(key: string): Promise<void> {
    this.#flags.delete(key);
    await this.#write();
  }

  /** The configuration as a flags file would hold it. */
  config(): FlagsConfig {
    return { flags: [...this.#flags.values()], segments: [...this.#segments.values()] };
  }

  /** A client following this test data (remember to `close()` it). */
  client(options: Omit<ClientOptions, 'store'> = {}): RampkitClient {
    return createClient({ ...options, store: this.store });
  }

  async #write(): Promise<void> {
    const current = await this.store.loadConfig();
    await this.store.writeConfig(this.config(), { expectedVersion: current?.version ?? 0 });
  }
}
