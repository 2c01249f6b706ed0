/** What `/readyz` answers: ready or not, and why, in a sentence an operator can act on. */
export interface ReadinessReport {
  ready: boolean;
  reason: string;
  /** Milliseconds since the last pass over the store ended; null before the first. */
  lastPassAgoMs: number | null;
}

/**
 * Readiness of a standing controller: its loop ran recently and the store answered it. A pass reads
 * every rollout from the store, so a pass that ended is proof the store was reachable then; a pass
 * the store failed marks the controller unready until the next one succeeds. Ages run on a monotonic
 * clock, so a stepped wall clock does not flip readiness.
 */
export class Readiness {
  readonly #staleAfterMs: number;
  readonly #now: () => number;
  #lastPassAt: number | null = null;
  #storeError: string | null = null;

  /** @param staleAfterMs a pass older than this means the loop is stuck */
  constructor(staleAfterMs: number, now: () => number = () => performance.now()) {
    this.#staleAfterMs = staleAfterMs;
    this.#now = now;
  }

  passed(): void {
    this.#lastPassAt = this.#now();
    this.#storeError = null;
  }

  storeFailed(message: string): void {
    this.#storeError = message;
  }

  report(): ReadinessReport {
    const ago = this.#lastPassAt === null ? null : Math.round(this.#now() - this.#lastPassAt);
    if (this.#storeError !== null)
      return {
        ready: false,
        reason: `the store failed the last pass: ${this.#storeError}`,
        lastPassAgoMs: ago,
      };
    if (ago === null)
      return { ready: false, reason: 'no pass over the store has ended yet', lastPassAgoMs: ago };
    if (ago > this.#staleAfterMs) {
      return {
        ready: false,
        reason: `the last pass ended ${Math.round(ago)}ms ago, more than ${this.#staleAfterMs}ms: the loop is stuck`,
        lastPassAgoMs: ago,
      };
    }
    return { ready: true, reason: 'the loop runs and the store answers', lastPassAgoMs: ago };
  }
}
