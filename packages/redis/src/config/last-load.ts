import type { ConfigSnapshot, FlagsConfig } from '@rampkit/core';
import type { Observed, StoredIdentity } from './config-history.js';

interface Entry {
  readonly stored: StoredIdentity;
  /** The history's name the snapshot carries: the same identity under another name is another snapshot. */
  readonly name: string | undefined;
  /** While the load decodes. */
  decoding: Promise<ConfigSnapshot | null> | undefined;
  /**
   * Once decoded, held weakly: the client that loaded it keeps its configuration in force, and
   * this must not keep one alive that nobody uses any more.
   */
  decoded: { config: WeakRef<FlagsConfig>; version: number; updatedAt: number } | undefined;
}

/**
 * The snapshot the store's last load read, for a read that finds the same configuration stored:
 * a client loads the configuration while its subscription makes its own first read, and at 10,000
 * flags a second decode holds another 6 MB for half a second (bench/README.md, "A client fed by
 * RedisStore"). Shared only while the load decodes or someone holds its configuration.
 */
export class LastLoad {
  #entry: Entry | undefined;

  /** A load read `stored`, observed as `seen`, and decodes it into `decoding`. */
  remember(stored: StoredIdentity, seen: Observed, decoding: Promise<ConfigSnapshot | null>): void {
    const entry: Entry = { stored, name: seen.generation, decoding, decoded: undefined };
    this.#entry = entry;
    decoding.then(
      (snapshot) => {
        if (this.#entry !== entry) return;
        entry.decoding = undefined;
        if (snapshot === null) this.#entry = undefined;
        else {
          entry.decoded = {
            config: new WeakRef(snapshot.config),
            version: snapshot.version,
            updatedAt: snapshot.updatedAt,
          };
        }
      },
      () => {
        // Unreadable: the next read tries again rather than repeating this failure.
        if (this.#entry === entry) this.#entry = undefined;
      },
    );
  }

  /**
   * The last load's snapshot when it read `stored` (same version, generation and digest) and the
   * history still names it `seen.generation`; undefined when that load read something else, or
   * its configuration is gone.
   */
  find(stored: StoredIdentity, seen: Observed): Promise<ConfigSnapshot | null> | undefined {
    const entry = this.#entry;
    if (entry === undefined || !sameIdentity(entry.stored, stored) || entry.name !== seen.generation) {
      return undefined;
    }
    if (entry.decoding !== undefined) return entry.decoding;
    const decoded = entry.decoded;
    const config = decoded?.config.deref();
    if (decoded === undefined || config === undefined) {
      this.#entry = undefined;
      return undefined;
    }
    const snapshot: ConfigSnapshot = { version: decoded.version, config, updatedAt: decoded.updatedAt };
    if (entry.name !== undefined) snapshot.generation = entry.name;
    return Promise.resolve(snapshot);
  }
}

function sameIdentity(a: StoredIdentity, b: StoredIdentity): boolean {
  return a.version === b.version && a.generation === b.generation && a.digest === b.digest;
}
