import type { RampkitClient } from '../client/client.js';
import { type RequestAccess, requestAccess } from '../client/request-access.js';
import { toError } from '../errors/to-error.js';
import type { Outcome } from '../metrics/types.js';
import type { EvaluationContext } from '../model/types.js';
import type { HttpAdapter, HttpStats, ResponseDone } from './adapter.js';
import type { OutcomeInput } from './options.js';
import { isDefaultError, isServerErrorStatus } from './outcome.js';
import { FINISHED, type RequestEvaluator, type RequestFlags } from './request-flags.js';
import { firstValue, type RequestHeaders } from './request-headers.js';
import type { VariationCatalog } from './variation-catalog.js';

// Read once: Node defines the global `performance` as an accessor, and a request reads the clock twice.
export const clock = globalThis.performance;

/** How a scope's requests are judged and announced: resolved from `HttpFlagsOptions` by `HttpFlags`. */
export interface RequestScopeOptions {
  /** Loaded when QA overrides are on: the variations an override may name. */
  readonly catalog: VariationCatalog | undefined;
  /** The variations header's name, checked; undefined when the header is off. */
  readonly variationsHeader: string | undefined;
  readonly errorStatus: (status: number) => boolean;
  readonly isError: ((outcome: OutcomeInput) => boolean) | undefined;
}

/**
 * What every request of one `HttpFlags` shares, and what its evaluators (`req.flags`) call back into
 * while a request runs: the client, the framework's adapter, the counters, and the request's end. One
 * object, typed with the adapter's request and response, so that an evaluator holds its framework's
 * request and response as they are.
 *
 * Nothing here may fail a request: anything unexpected is reported through the client's `error`
 * event (or, while nobody listens, its logger, once per distinct problem) and the request goes on.
 */
export class RequestScope<Req, Res> {
  readonly client: RampkitClient;
  /** The client's fast path; undefined for a client of another copy of core (see `RequestAccess`). */
  readonly access: RequestAccess | undefined;
  readonly catalog: VariationCatalog | undefined;
  /** The variations header's name; undefined when it is off. */
  readonly variationsHeader: string | undefined;
  readonly stats: HttpStats = {
    overridesApplied: 0,
    overridesRejected: 0,
    unitIdsRefused: 0,
    contextErrors: 0,
    outcomesRecorded: 0,
  };
  readonly adapter: HttpAdapter<Req, Res>;
  readonly #errorStatus: (status: number) => boolean;
  readonly #isError: ((outcome: OutcomeInput) => boolean) | undefined;
  /** `finish`, made once so that watching a request allocates nothing of ours. */
  readonly #done: ResponseDone;
  // What recording a request's outcome needs, made once per scope rather than once per request
  // (bench/http/README.md): the tracked pairs arrays of finished requests, for the next requests to
  // write over, and the outcome given to `recordAll`. Both are the client's and its
  // observers' for the length of the call only (`ClientObserver`: copy what is kept). The outcome
  // is undefined while a `recordAll` runs, so that a request finished from inside it gets its own.
  readonly #freePairs: string[][] = [];
  #outcome: Outcome | undefined = newOutcome();

  constructor(client: RampkitClient, adapter: HttpAdapter<Req, Res>, options: RequestScopeOptions) {
    this.client = client;
    this.access = requestAccess(client);
    this.adapter = adapter;
    this.catalog = options.catalog;
    this.variationsHeader = options.variationsHeader;
    this.#errorStatus = options.errorStatus;
    this.#isError = options.isError;
    this.#done = (flags, status, aborted) => this.finish(flags, status, aborted);
  }

  /** The defaults beside the unit: the remote address (as the framework sees it) and the user agent. */
  addDefaults(req: Req, headers: RequestHeaders, context: EvaluationContext): void {
    const ip = this.adapter.remoteAddress(req, headers);
    if (ip !== undefined) context.ip = ip;
    const userAgent = firstValue(headers['user-agent']);
    if (userAgent !== undefined) context.userAgent = userAgent;
  }

  /**
   * Adds the defaults that `begin` left out of `context` (the address and the user agent), read from
   * the evaluator's request. Called at most once per request, the first time a flag or the
   * application needs them.
   */
  completeContext(flags: RequestEvaluator<Req, Res>, context: EvaluationContext): void {
    try {
      const req = flags.request;
      this.addDefaults(req, this.adapter.headers(req), context);
    } catch (error) {
      this.report(error);
    }
  }

  /** Called when a request serves its first tracked flag: asks the adapter for the request's end. */
  watch(flags: RequestEvaluator<Req, Res>): void {
    try {
      this.adapter.onResponseDone(flags.response, flags, this.#done);
    } catch (error) {
      this.report(error);
    }
  }

  /** An array for a request's tracked pairs, to be written over from the start; `finish` takes it back. */
  lendPairs(): string[] {
    return this.#freePairs.pop() ?? [];
  }

  /** Called after each newly served flag while the variations header is on: rewrites the header. */
  announce(flags: RequestEvaluator<Req, Res>): void {
    try {
      this.adapter.setHeader(flags.response, this.variationsHeader!, flags.servedPairs().join(', '));
    } catch (error) {
      this.report(error);
    }
  }

  /**
   * Records one outcome for every tracked (flag, variation) the request served: aborted when the
   * client went away first, else an error or a success, with the latency since `begin`. Only the
   * first call per request counts.
   */
  finish(flags: RequestFlags | null | undefined, status: number, aborted: boolean): void {
    // `flags` come back through the adapter, typed as the public interface: they are this scope's.
    const evaluator = flags as RequestEvaluator<Req, Res> | null | undefined;
    if (evaluator === null || evaluator === undefined) return;
    const tracked = evaluator.tracked;
    if (tracked === FINISHED) return;
    evaluator.tracked = FINISHED;
    if (tracked === undefined) return;
    // Its own pairs only: `recordAll` takes the array as it is.
    for (let i = tracked.length, length = evaluator.trackedLength; i > length; i--) tracked.pop();
    try {
      const latencyMs = clock.now() - evaluator.startedAt;
      const error = !aborted && this.#classify(status, evaluator);
      const outcome = this.#outcome ?? newOutcome();
      this.#outcome = undefined;
      outcome.error = error;
      outcome.aborted = aborted;
      outcome.latencyMs = latencyMs;
      this.client.recordAll(tracked, outcome);
      this.#outcome = outcome;
      this.stats.outcomesRecorded += tracked.length / 2;
    } catch (error) {
      this.report(error);
    }
    if (this.#freePairs.length < FREE_PAIRS) this.#freePairs.push(tracked);
  }

  /** The client's `error` event, or its logger when nobody listens (see `RequestAccess.report`). */
  report(error: unknown): void {
    try {
      if (this.access !== undefined) {
        this.access.report(error);
      } else if (this.client.listenerCount('error') > 0) {
        this.client.emit('error', toError(error));
      }
    } catch {
      // A throwing error listener must not turn a reported problem into a failed request.
    }
  }

  #classify(status: number, evaluator: RequestEvaluator<Req, Res>): boolean {
    try {
      return this.#isError === undefined
        ? isDefaultError(this.#errorStatus, status, evaluator.threw, evaluator.thrown)
        : this.#isError({ status, threw: evaluator.threw, error: evaluator.thrown });
    } catch (error) {
      this.report(error);
      return evaluator.threw || isServerErrorStatus(status);
    }
  }
}

/**
 * Pairs arrays kept for reuse: as many as requests that served a tracked flag have been in flight at
 * once, up to this many.
 */
const FREE_PAIRS = 256;

function newOutcome(): Outcome {
  // NaN, a heap number, makes `latencyMs` a double field from the start: written in place, not boxed anew.
  return { error: false, aborted: false, latencyMs: Number.NaN };
}
