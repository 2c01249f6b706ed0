import type { RampkitClient } from '../client/client.js';
import type { FlagDefault, FlagValue } from '../client/typed-flags.js';
import { isTrackedResult } from '../evaluation/preset-result.js';
import type { EvaluationResult } from '../evaluation/result.js';
import type { EvaluationContext, JsonValue } from '../model/types.js';
import type { VariationCatalog } from './variation-catalog.js';

/**
 * `req.flags` / `request.flags`: the client's evaluation methods bound to one request's context.
 * Each flag is evaluated once per request (a configuration change mid-request cannot switch a
 * request between arms), and every tracked flag it serves gets the request's outcome.
 */
export interface RequestFlags {
  /** The context this request is evaluated with. */
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
}

/** What an evaluator needs from the HttpFlags that made it. */
export interface EvaluatorScope {
  readonly client: RampkitClient;
  readonly catalog: VariationCatalog | undefined;
  /** Called after each newly served flag when the variations header is on. */
  readonly announce: ((flags: RequestEvaluator) => void) | undefined;
  /** Called when the request serves its first tracked flag: its outcome will be wanted. */
  watch(flags: RequestEvaluator): void;
}

type Result = EvaluationResult<JsonValue | undefined>;

/** Memo entries scanned linearly before a Map index is built (a request serves a handful of flags). */
const MEMO_SCAN = 16;

export class RequestEvaluator implements RequestFlags {
  readonly context: Readonly<EvaluationContext>;
  /** `performance.now()` when the request began. */
  readonly startedAt: number;
  /** The framework's response object, for adapters that need it when the request ends. */
  readonly response: unknown;
  /** The handler threw or rejected, as the adapter saw it; `thrown` is what it threw. */
  threw = false;
  thrown: unknown = undefined;
  /** Set once the outcome has been recorded, so a request is counted once. */
  finished = false;
  /**
   * Tracked flags served, as [flag, variation, flag, variation, …]; undefined until one is. Always
   * exactly as long as its pairs: `client.recordAll` takes it as it is.
   */
  tracked: string[] | undefined = undefined;
  readonly #scope: EvaluatorScope;
  readonly #overrides: ReadonlyMap<string, string> | undefined;
  // The memo: [key, result, key, result, …], scanned linearly (one array is cheaper to make than a
  // Map), with a Map index from key to position once it holds more than MEMO_SCAN flags. It is made
  // with room for four flags; `#memoLength` says how much of it is used.
  #memo: (string | Result)[] | undefined = undefined;
  #memoLength = 0;
  #index: Map<string, number> | undefined = undefined;
  /** Flags that `all()` evaluated but nothing has served yet. */
  #unserved: Set<string> | undefined = undefined;
  /** Flags served by a QA override: never tracked, so forced traffic stays out of the arms' metrics. */
  #forcedKeys: Set<string> | undefined = undefined;

  constructor(
    scope: EvaluatorScope,
    context: EvaluationContext,
    startedAt: number,
    response: unknown,
    overrides: ReadonlyMap<string, string> | undefined,
  ) {
    this.#scope = scope;
    this.context = context;
    this.startedAt = startedAt;
    this.response = response;
    this.#overrides = overrides;
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
      const known = this.#recall(key);
      if (known !== undefined) {
        all[key] = known as EvaluationResult;
        continue;
      }
      const forced = this.#forced(key);
      if (forced !== undefined) all[key] = forced as EvaluationResult;
      this.#remember(key, all[key] as Result);
      this.#unserved ??= new Set();
      this.#unserved.add(key);
    }
    return all;
  }

  /** The variation a canary route serves; the flag's outcomes are recorded even without `track`. */
  route(key: string): string | undefined {
    return this.#serve(key, true).variation;
  }

  /** Every flag served with a variation, as `flag=variation` pairs, in the order first served. */
  servedPairs(): string[] {
    const pairs: string[] = [];
    const memo = this.#memo;
    if (memo === undefined) return pairs;
    for (let i = 0; i < this.#memoLength; i += 2) {
      const key = memo[i] as string;
      const variation = (memo[i + 1] as Result).variation;
      if (variation !== undefined && this.#unserved?.has(key) !== true) pairs.push(`${key}=${variation}`);
    }
    return pairs;
  }

  #serve(key: string, forceTrack: boolean): Result {
    let result = this.#recall(key);
    if (result !== undefined) {
      if (this.#unserved?.delete(key) !== true) {
        if (forceTrack) this.#track(key, result, true);
        return result;
      }
    } else {
      result =
        (this.#overrides === undefined ? undefined : this.#forced(key)) ??
        this.#scope.client.evaluate(key, this.context);
      this.#remember(key, result);
    }
    this.#track(key, result, forceTrack);
    if (this.#scope.announce !== undefined && result.variation !== undefined) this.#scope.announce(this);
    return result;
  }

  #recall(key: string): Result | undefined {
    const memo = this.#memo;
    if (memo === undefined) return undefined;
    if (this.#index !== undefined) {
      const at = this.#index.get(key);
      return at === undefined ? undefined : (memo[at + 1] as Result);
    }
    const length = this.#memoLength;
    for (let i = 0; i < length; i += 2) if (memo[i] === key) return memo[i + 1] as Result;
    return undefined;
  }

  #remember(key: string, result: Result): void {
    const at = this.#memoLength;
    this.#memoLength = at + 2;
    const memo = this.#memo;
    if (memo === undefined) {
      // Made with room for four flags. Growing an array by `push` makes room for 16 more elements and
      // drops the old store: with `tracked`, about a fifth of what Rampkit allocated per request in
      // bench/http, and every allocation writes to memory the CPU caches have not seen. The unused
      // slots hold strings so that the array's element kind never changes.
      this.#memo = [key, result, '', '', '', '', '', ''];
      return;
    }
    if (at < memo.length) {
      memo[at] = key;
      memo[at + 1] = result;
    } else {
      memo.push(key, result);
    }
    this.#index?.set(key, at);
    if (this.#index === undefined && at + 2 > 2 * MEMO_SCAN) {
      const index = new Map<string, number>();
      for (let i = 0; i <= at; i += 2) index.set(memo[i] as string, i);
      this.#index = index;
    }
  }

  #track(key: string, result: Result, force: boolean): void {
    const variation = result.variation;
    if (variation === undefined || this.#forcedKeys?.has(key) === true) return;
    const tracked = this.tracked;
    if (tracked !== undefined) {
      for (let i = 0; i < tracked.length; i += 2) if (tracked[i] === key) return;
    }
    if (!force && !isTrackedResult(result)) return;
    if (tracked === undefined) {
      this.tracked = [key, variation];
      this.#scope.watch(this);
    } else if (tracked.length === 2) {
      // A new array of four rather than a push, which would make room for 16 more (see #remember).
      this.tracked = [tracked[0]!, tracked[1]!, key, variation];
    } else {
      tracked.push(key, variation);
    }
  }

  /** The result of a QA override for `key`, when one names a variation the flag has. */
  #forced(key: string): Result | undefined {
    const variation = this.#overrides?.get(key);
    if (variation === undefined) return undefined;
    const found = this.#scope.catalog?.lookup(key, variation);
    if (found === undefined) return undefined;
    this.#forcedKeys ??= new Set();
    this.#forcedKeys.add(key);
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
  const evaluator = flags as RequestEvaluator | null | undefined;
  if (typeof evaluator?.route !== 'function') return;
  evaluator.threw = true;
  evaluator.thrown = error;
}
