import type { Outcome } from '../metrics/types.js';

/**
 * Sees what the client counts, as it counts it: for exporters (Prometheus, OpenTelemetry) that
 * must not time or evaluate anything a second time. Every method is optional and runs on the request
 * path: keep it to counter increments. A method that throws is reported as the client's `error`, and
 * the request goes on.
 */
export interface ClientObserver {
  /**
   * One request's outcome for each (flag, variation) pair of `pairs` ([flag, variation, …]): what
   * `record` and `recordAll` are given, whether or not the client has a metrics store.
   */
  outcomes?(pairs: readonly string[], outcome: Outcome): void;
  /** An evaluation served `variation` of the flag (evaluations that fell back to a default are not told). */
  evaluated?(flagKey: string, variation: string): void;
}

/**
 * The observers of one client, seen by the client as one (or none): the request path asks a single
 * field whether anyone observes, so a client nobody observes pays one comparison per call.
 */
export class Observers {
  readonly #list: ClientObserver[] = [];
  /** undefined while nobody observes; the one observer, or a fan-out over several. */
  current: Required<ClientObserver> | undefined;

  add(observer: ClientObserver): () => void {
    this.#list.push(observer);
    this.#refresh();
    return () => {
      const index = this.#list.indexOf(observer);
      if (index < 0) return;
      this.#list.splice(index, 1);
      this.#refresh();
    };
  }

  #refresh(): void {
    const list = this.#list.slice();
    if (list.length === 0) {
      this.current = undefined;
      return;
    }
    this.current = {
      outcomes: (pairs, outcome) => {
        for (const observer of list) observer.outcomes?.(pairs, outcome);
      },
      evaluated: (flagKey, variation) => {
        for (const observer of list) observer.evaluated?.(flagKey, variation);
      },
    };
  }
}
