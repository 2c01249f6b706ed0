import type { EvaluationResult } from '../evaluation/result.js';
import type { Outcome } from '../metrics/types.js';

/**
 * Sees what the client counts, as it counts it: for exporters (Prometheus, OpenTelemetry) that
 * must not time or evaluate anything a second time. Every method is optional and runs on the request
 * path: keep it to counter increments. A method that throws is reported as the client's `error`, and
 * the request goes on. What a method is given is the client's for the length of the call (a
 * request's `pairs` may be reused): copy what is kept.
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

/** An observer known to have `outcomes` (or `evaluated`), called as its method. */
export type OutcomesObserver = Required<Pick<ClientObserver, 'outcomes'>>;
export type EvaluationObserver = Required<Pick<ClientObserver, 'evaluated'>>;

/**
 * The observers of one client, seen by the client as one call per kind (or none): the request path
 * asks a single field whether anyone observes that kind, so a client nobody observes, or whose
 * observers want only outcomes, pays one comparison per evaluation.
 */
export class Observers {
  readonly #list: ClientObserver[] = [];
  // The one observer itself, called as a method so that the optimiser can inline it into the
  // request path, or a fan-out over several.
  /** undefined while no observer counts outcomes. */
  outcomes: OutcomesObserver | undefined;
  /** undefined while no observer sees evaluations. */
  evaluated: EvaluationObserver | undefined;

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
    const outcomes = this.#list.filter((observer) => observer.outcomes !== undefined);
    const evaluated = this.#list.filter((observer) => observer.evaluated !== undefined);
    this.outcomes =
      outcomes.length === 0
        ? undefined
        : outcomes.length === 1
          ? (outcomes[0] as OutcomesObserver)
          : {
              outcomes: (pairs, outcome) => each(outcomes, (observer) => observer.outcomes!(pairs, outcome)),
            };
    this.evaluated =
      evaluated.length === 0
        ? undefined
        : evaluated.length === 1
          ? (evaluated[0] as EvaluationObserver)
          : { evaluated: (result) => each(evaluated, (observer) => observer.evaluated!(result)) };
  }
}

/**
 * Calls `call` on each observer: one that throws must not keep the others from seeing the call, so
 * the first error is thrown once they all have been.
 */
function each(list: readonly ClientObserver[], call: (observer: ClientObserver) => void): void {
  let failure: { error: unknown } | undefined;
  for (const observer of list) {
    try {
      call(observer);
    } catch (error) {
      failure ??= { error };
    }
  }
  if (failure !== undefined) throw failure.error;
}
