import type { FlagDefault, FlagValue } from '../client/typed-flags.js';
import type { EvaluationResult } from '../evaluation/result.js';
import type { EvaluationContext, JsonValue } from '../model/types.js';
import { headerName } from './header-name.js';
import type { RequestScope } from './request-scope.js';

/**
 * `req.flags` / `request.flags`: the client's evaluation methods bound to one request's context.
 * Each flag is evaluated once per request (a configuration change mid-request cannot switch a
 * request between arms), and every tracked flag it serves gets the request's outcome.
 */
export interface RequestFlags {
  /**
   * The context this request is evaluated with. The default context's address and user agent are
   * read the first time a flag that may test them is served, or when this is read.
   */
  readonly context: Readonly<EvaluationContext>;
  /** A boolean flag's value; `defaultValue` for missing or non-boolean flags. */
  isEnabled(key: string, defaultValue?: boolean): boolean;
  /** The name of the variation served (e.g. `canary`), or `defaultVariation` when none was. */
  variation(key: string, defaultVariation: string): string;
  variation(key: string): string | undefined;
  /** The flag's value, checked against the default's type (a mismatch returns the default). */
  value<K extends string, D extends FlagDefault<K>>(key: K, defaultValue: D): FlagValue<K, D>;
  /** Full result: value, variation, reason, error code. */
  evaluate<T extends JsonValue = JsonValue>(
    key: string,
    defaultValue?: T,
  ): EvaluationResult<T | JsonValue | undefined>;
  /** Every flag for this context (for bootstrapping a front end); does not count as serving them. */
  all(): Record<string, EvaluationResult>;
  /**
   * `client.track(metricKey, context, value)` with this request's context: an event of the metric
   * for the request's unit, counted in the experiments it was exposed to. Never throws.
   * @param value the event's value @default 1
   */
  track(metricKey: string, value?: number): void;
}

type Result = EvaluationResult<JsonValue | undefined>;

/**
 * What a remembered flag has been to the request. The memo keeps it beside the result, so that
 * serving a flag again costs one scan and no set or list of its own.
 */
type Use = typeof SERVED | typeof TRACKED | typeof UNSERVED | typeof FORCED | typeof FORCED_UNSERVED;
/** Served; no outcome is recorded for it. */
const SERVED = 0;
/** Served with a variation, and the request's outcome is recorded for it (in `tracked`). */
const TRACKED = 1;
/** Evaluated by `all()` and not served since. */
const UNSERVED = 2;
/** Served by a QA override: never tracked, so forced traffic stays out of the arms' metrics. */
const FORCED = 3;
/** A QA override's result that `all()` returned and nothing has served since. */
const FORCED_UNSERVED = 4;

/** Memo entries scanned linearly before a Map index is built (a request serves a handful of flags). */
const MEMO_SCAN = 16;

/** `RequestEvaluator.thrown` while the handler has not thrown: anything, `undefined` included, may be thrown. */
const NOTHING_THROWN: unique symbol = Symbol('rampkit.nothingThrown');

/** `RequestEvaluator.tracked` once the request is over: nothing served after it is tracked (nor written here). */
export const FINISHED: string[] = [];

/** `RequestFlags` as `HttpFlags` makes them: one per request, holding its framework's request and response. */
export class RequestEvaluator<Req, Res> implements RequestFlags {
  /** `performance.now()` when the request began. */
  readonly startedAt: number;
  /** The framework's request object, for the defaults the context is completed with. */
  readonly request: Req;
  /** The framework's response object, for the variations header and the request's end. */
  readonly response: Res;
  /** What the handler threw or rejected with, as the adapter saw it; `NOTHING_THROWN` while it has not. */
  thrown: unknown = NOTHING_THROWN;
  /**
   * Tracked flags served, as [flag, variation, flag, variation, …] in its first `trackedLength`
   * elements: undefined until one is, then an array the scope lends for the request (a finished
   * request's, its old pairs past `trackedLength`), and `FINISHED` once the request's outcome is
   * recorded, so that a request is counted once.
   */
  tracked: string[] | undefined = undefined;
  trackedLength = 0;
  readonly #scope: RequestScope<Req, Res>;
  readonly #overrides: ReadonlyMap<string, string> | undefined;
  // The context, and whether it holds all it will: `begin` may leave out the defaults no flag has
  // needed yet (see `context`), since reading the user agent and the address costs more than the
  // rest of the context (bench/http/README.md).
  readonly #context: EvaluationContext;
  #complete: boolean;
  // The memo: [key, result, use, key, result, use, …], scanned linearly (one array is cheaper to make
  // than a Map), with a Map index from key to position once it holds more than MEMO_SCAN flags. It is
  // made with room for three flags; `#memoLength` says how much of it is used.
  #memo: (string | Result | Use)[] | undefined = undefined;
  #memoLength = 0;
  #index: Map<string, number> | undefined = undefined;

  /** `complete`: `context` already holds every default; otherwise `scope.completeContext` adds them when needed. */
  constructor(
    scope: RequestScope<Req, Res>,
    context: EvaluationContext,
    complete: boolean,
    startedAt: number,
    request: Req,
    response: Res,
    overrides: ReadonlyMap<string, string> | undefined,
  ) {
    this.#scope = scope;
    this.#context = context;
    this.#complete = complete;
    this.startedAt = startedAt;
    this.request = request;
    this.response = response;
    this.#overrides = overrides;
  }

  /** The handler threw or rejected (`markThrown`). */
  get threw(): boolean {
    return this.thrown !== NOTHING_THROWN;
  }

  get context(): Readonly<EvaluationContext> {
    if (!this.#complete) {
      this.#complete = true;
      this.#scope.completeContext(this, this.#context);
    }
    return this.#context;
  }

  isEnabled(key: string, defaultValue = false): boolean {
    const result = this.#serve(key, false);
    return result.variation !== undefined && typeof result.value === 'boolean' ? result.value : defaultValue;
  }

  variation(key: string, defaultVariation: string): string;
  variation(key: string): string | undefined;
  variation(key: string, defaultVariation?: string): string | undefined {
    return this.#serve(key, false).variation ?? defaultVariation;
  }

  value<K extends string, D extends FlagDefault<K>>(key: K, defaultValue: D): FlagValue<K, D> {
    const result = this.#serve(key, false);
    const value =
      result.variation !== undefined && sameKind(result.value, defaultValue) ? result.value : defaultValue;
    return value as FlagValue<K, D>;
  }

  evaluate<T extends JsonValue = JsonValue>(
    key: string,
    defaultValue?: T,
  ): EvaluationResult<T | JsonValue | undefined> {
    const result = this.#serve(key, false);
    return result.variation === undefined && defaultValue !== undefined
      ? { ...result, value: defaultValue }
      : result;
  }

  all(): Record<string, EvaluationResult> {
    const all = this.#scope.client.allFlags(this.context);
    for (const key of Object.keys(all)) {
      const at = this.#find(key);
      if (at >= 0) {
        all[key] = this.#memo![at + 1] as EvaluationResult;
        continue;
      }
      const forced = this.#forced(key);
      if (forced !== undefined) all[key] = forced as EvaluationResult;
      this.#remember(key, all[key] as Result, forced === undefined ? UNSERVED : FORCED_UNSERVED);
    }
    return all;
  }

  track(metricKey: string, value = 1): void {
    this.#scope.client.track(metricKey, this.context, value);
  }

  /** The variation a canary route serves; the flag's outcomes are recorded even without `track`. */
  route(key: string): string | undefined {
    return this.#serve(key, true).variation;
  }

  /**
   * Every flag served with a variation, as `flag=variation` pairs in the order first served, for the
   * variations header: each name as `headerName` writes it.
   */
  servedPairs(): string[] {
    const pairs: string[] = [];
    const memo = this.#memo;
    for (let i = 0; i < this.#memoLength; i += 3) {
      const variation = (memo![i + 1] as Result).variation;
      const use = memo![i + 2] as Use;
      if (variation !== undefined && use !== UNSERVED && use !== FORCED_UNSERVED) {
        pairs.push(`${headerName(memo![i] as string)}=${headerName(variation)}`);
      }
    }
    return pairs;
  }

  #serve(key: string, forceTrack: boolean): Result {
    const at = this.#find(key);
    if (at >= 0) return this.#serveAgain(at, key, forceTrack);
    let result: Result | undefined;
    let use: Use = SERVED;
    if (this.#overrides !== undefined) result = this.#forced(key);
    if (result !== undefined) {
      use = FORCED;
    } else {
      const access = this.#scope.access;
      const flag = access?.flag(key);
      if (flag === undefined) {
        // No configuration yet, no such flag (both answered without a variation), or another copy of
        // core's client: the public methods say which.
        const client = this.#scope.client;
        result = client.evaluate(key, this.context);
        if (result.variation !== undefined && (forceTrack || client.isTracked(key))) use = TRACKED;
      } else {
        // A flag that reads only the unit gets the context as it is: the same answer, without the defaults.
        result = access!.serve(flag, flag.targetingKeyOnly ? this.#context : this.context);
        if (result.variation !== undefined && (forceTrack || flag.tracked)) use = TRACKED;
      }
    }
    this.#remember(key, result, use);
    this.#served(key, result, use);
    return result;
  }

  /** A flag the memo holds at `at`: its result, tracked or announced now if this is its first serve. */
  #serveAgain(at: number, key: string, forceTrack: boolean): Result {
    const memo = this.#memo!;
    const result = memo[at + 1] as Result;
    const use = memo[at + 2] as Use;
    if (use === UNSERVED) {
      const tracked =
        result.variation !== undefined && (forceTrack || this.#scope.client.isTracked(key))
          ? TRACKED
          : SERVED;
      memo[at + 2] = tracked;
      this.#served(key, result, tracked);
    } else if (use === FORCED_UNSERVED) {
      memo[at + 2] = FORCED;
      this.#served(key, result, FORCED);
    } else if (use === SERVED && forceTrack && result.variation !== undefined) {
      memo[at + 2] = TRACKED;
      this.#track(key, result.variation);
    }
    return result;
  }

  /** What serving a flag for the first time in this request sets going. */
  #served(key: string, result: Result, use: Use): void {
    if (use === TRACKED) this.#track(key, result.variation!);
    if (this.#scope.variationsHeader !== undefined && result.variation !== undefined)
      this.#scope.announce(this);
  }

  #track(key: string, variation: string): void {
    const tracked = this.tracked;
    if (tracked === undefined) {
      // Lent by the scope and taken back when the outcome is recorded, so a request allocates no pairs.
      const pairs = this.#scope.lendPairs();
      this.tracked = pairs;
      this.#addPair(pairs, key, variation);
      this.#scope.watch(this);
    } else if (tracked !== FINISHED) {
      this.#addPair(tracked, key, variation);
    }
  }

  /** Writes the pair over a lent array's old ones (the request before it most likely tracked as many). */
  #addPair(tracked: string[], key: string, variation: string): void {
    const at = this.trackedLength;
    this.trackedLength = at + 2;
    if (at < tracked.length) {
      tracked[at] = key;
      tracked[at + 1] = variation;
    } else {
      tracked.push(key, variation);
    }
  }

  /** The memo position of `key`, or -1. */
  #find(key: string): number {
    const memo = this.#memo;
    if (memo === undefined) return -1;
    if (this.#index !== undefined) return this.#index.get(key) ?? -1;
    const length = this.#memoLength;
    for (let i = 0; i < length; i += 3) if (memo[i] === key) return i;
    return -1;
  }

  #remember(key: string, result: Result, use: Use): void {
    const at = this.#memoLength;
    this.#memoLength = at + 3;
    const memo = this.#memo;
    if (memo === undefined) {
      // Made with room for three flags. Growing an array by `push` makes room for 16 more elements and
      // drops the old store: with `tracked`, about a fifth of what Rampkit allocated per request in
      // bench/http, and every allocation writes to memory the CPU caches have not seen. The unused
      // slots hold strings so that the array's element kind never changes.
      this.#memo = [key, result, use, '', '', '', '', '', ''];
      return;
    }
    if (at < memo.length) {
      memo[at] = key;
      memo[at + 1] = result;
      memo[at + 2] = use;
    } else {
      memo.push(key, result, use);
    }
    this.#index?.set(key, at);
    if (this.#index === undefined && at + 3 > 3 * MEMO_SCAN) {
      const index = new Map<string, number>();
      for (let i = 0; i <= at; i += 3) index.set(memo[i] as string, i);
      this.#index = index;
    }
  }

  /** The result of a QA override for `key`, when one names a variation the flag has. */
  #forced(key: string): Result | undefined {
    const variation = this.#overrides?.get(key);
    if (variation === undefined) return undefined;
    const found = this.#scope.catalog?.lookup(key, variation);
    if (found === undefined) return undefined;
    return { key, value: found.value, variation, reason: 'TARGETING_MATCH', inExperiment: false };
  }
}

/** Whether `value` has the type `client.value()` would accept for `defaultValue`. */
function sameKind(value: unknown, defaultValue: unknown): boolean {
  const expected = typeof defaultValue;
  if (expected === 'boolean' || expected === 'string' || expected === 'number')
    return typeof value === expected;
  return typeof value === 'object';
}

/** Records that the handler serving `flags`' request threw or rejected: `finish` counts it as an error. */
export function markThrown(flags: RequestFlags | null | undefined, error: unknown): void {
  // Duck-typed rather than instanceof: ESM and CJS copies of this module may both be loaded.
  const evaluator = flags as RequestEvaluator<unknown, unknown> | null | undefined;
  if (typeof evaluator?.route !== 'function') return;
  evaluator.thrown = error;
}
