import { ConfigHistoryError } from './config-history-error.js';

/**
 * What tells one stored configuration from another. Versions order one history; the generation id
 * names the history (the write script draws one when the hash is missing); the digest names the
 * content (a SHA-256 the writer computes), so a version number that comes back with other content
 * is told apart from the one read before.
 */
export interface StoredIdentity {
  /** 0: nothing stored. */
  version: number;
  /** Undefined for a configuration written before generations were kept. */
  generation: string | undefined;
  /** Undefined for a configuration written before digests were kept. */
  digest: string | undefined;
}

/**
 * Where a stored configuration lies against the one read before it (`empty`: nothing stored and
 * nothing read before; `gone`: nothing stored any more).
 */
export type HistoryStep = 'empty' | 'first' | 'same' | 'forward' | 'gone' | 'new-generation' | 'rewound';

/** A stored configuration as the store shows it: its version under the history's name. */
export interface Observed {
  step: HistoryStep;
  version: number;
  /**
   * The history's name for `ConfigSnapshot.generation`: the stored generation id, with `~n` after
   * this store saw that history go back `n` times, so that a consumer ordering snapshots by version
   * within a generation (the Rampkit client) takes what is stored now.
   */
  generation: string | undefined;
}

/**
 * One store's view of the configuration's history, fed with every stored identity the store reads
 * or writes, in the order Redis answered them (one connection answers in order). A replica that
 * missed writes and took over, or a restored backup, shows up as a lower version, or the same
 * version with another digest: that is a new history from there on, reported once. Its versions
 * compare only among themselves, so they get a name of their own.
 */
export class ConfigHistory {
  readonly #report: (error: ConfigHistoryError) => void;
  /** The last configuration read (never "nothing": a store that lost its data is followed again once written). */
  #held: StoredIdentity | undefined;
  /** Times the held generation went back, for its name. */
  #rewinds = 0;
  #goneReported = false;

  constructor(report: (error: ConfigHistoryError) => void) {
    this.#report = report;
  }

  observe(stored: StoredIdentity): Observed {
    const held = this.#held;
    const step = classify(held, stored);
    if (step === 'empty') return { step, version: 0, generation: undefined };
    if (step === 'gone') {
      if (!this.#goneReported)
        this.#report(new ConfigHistoryError('gone', ref(held as StoredIdentity), ref(stored)));
      this.#goneReported = true;
      return { step, version: 0, generation: undefined };
    }
    this.#goneReported = false;
    if (step === 'rewound' || step === 'new-generation') {
      this.#report(new ConfigHistoryError(step, ref(held as StoredIdentity), ref(stored)));
    }
    if (step === 'rewound') this.#rewinds += 1;
    if (step === 'new-generation') this.#rewinds = 0;
    this.#held = stored;
    return { step, version: stored.version, generation: this.#name(stored.generation) };
  }

  /**
   * The digest of `version` when that is the version this store read last: a write expecting it
   * must find that content too, not another configuration that reached the same number after a
   * step back.
   */
  digestOf(version: number): string | undefined {
    return this.#held?.version === version ? this.#held.digest : undefined;
  }

  #name(generation: string | undefined): string | undefined {
    return this.#rewinds === 0 ? generation : `${generation ?? ''}~${this.#rewinds}`;
  }
}

function classify(held: StoredIdentity | undefined, stored: StoredIdentity): HistoryStep {
  if (stored.version === 0) return held === undefined ? 'empty' : 'gone';
  if (held === undefined) return 'first';
  if (stored.generation !== held.generation) {
    // The first write by a store that keeps generations, over a configuration written without.
    if (held.generation === undefined && stored.version > held.version) return 'forward';
    return 'new-generation';
  }
  if (stored.version > held.version) return 'forward';
  if (stored.version === held.version && stored.digest === held.digest) return 'same';
  return 'rewound';
}

function ref(identity: StoredIdentity): { version: number; generation: string | undefined } {
  return { version: identity.version, generation: identity.generation };
}
