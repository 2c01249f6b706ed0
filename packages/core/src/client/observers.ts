import type { EvaluationResult } from '../evaluation/result.js';
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
  /**
   * The result of an evaluation through `evaluate`, `value`, `isEnabled`… or a request's flags,
   * errors included (a missing flag's key is the caller's: bound what is kept by it). Not told:
   * `allFlags`, and evaluations before the first configuration is in force.
   */
  evaluated?(result: EvaluationResult<unknown>): void;
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
    if (list.length === 1) {
      const [only] = list as [ClientObserver];
      this.current = {
        outcomes: (pairs, outcome) => only.outcomes?.(pairs, outcome),
        evaluated: (result) => only.evaluated?.(result),
      };
      return;
    }
    // One observer that throws must not keep the others from seeing the call: each is called, and
    // the first error is thrown once they all have been.
    const each = (call: (observer: ClientObserver) => void) => {
      let failure: { error: unknown } | undefined;
      for (const observer of list) {
        try {
          call(observer);
        } catch (error) {
          failure ??= { error };
        }
      }
      if (failure !== undefined) throw failure.error;
    };
    this.current = {
      outcomes: (pairs, outcome) => each((observer) => observer.outcomes?.(pairs, outcome)),
      evaluated: (result) => each((observer) => observer.evaluated?.(result)),
    };
  }
}
