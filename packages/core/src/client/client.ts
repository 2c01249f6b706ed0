import { readUnit } from '../conditions/attribute.js';
import { RampkitError } from '../errors/errors.js';
import { toError } from '../errors/to-error.js';
import { type CompiledConfig, compileConfig } from '../evaluation/compile.js';
import { evaluateFlag, evaluateFound } from '../evaluation/evaluate.js';
import { countEvaluation, countResult } from '../evaluation/evaluation-tally.js';
import type { EvaluationResult } from '../evaluation/result.js';
import { ExperimentTracker, type TrackingStats } from '../experiments/tracker.js';
import { unref } from '../internal/unref.js';
import { MetricsAggregator } from '../metrics/aggregator.js';
import type { OutcomeCells } from '../metrics/outcome-cells.js';
import type { Outcome } from '../metrics/types.js';
import { adoptConfig } from '../model/adopted-config.js';
import type { ConfigSnapshot, EvaluationContext, FlagsConfig, FlagType, JsonValue } from '../model/types.js';
import { MemoryStore } from '../stores/memory/memory-store.js';
import {
  isExperimentDataStore,
  isMetricsStore,
  type RampkitStore,
  type Unsubscribe,
} from '../stores/types.js';
import { ClientEmitter } from './client-emitter.js';
import { EVALUATION_COUNTS, type EvaluationCounter, EvaluationCounts } from './evaluation-counts.js';
import type { ClientEvents } from './events.js';
import { ExposureDedup } from './exposure-dedup.js';
import {
  type ClientObserver,
  type EvaluationObserver,
  Observers,
  type OutcomesObserver,
} from './observers.js';
import type { ClientOptions } from './options.js';
import {
  OUTCOME_COUNTS,
  type OutcomeCounter,
  OutcomeCounts,
  type OutcomeCountsOptions,
} from './outcome-counts.js';
import { REQUEST_ACCESS, type RequestAccess } from './request-access.js';
import { type PreparedSnapshot, SnapshotQueue } from './snapshot-queue.js';
import { checkTrack } from './track-input.js';
import type { FlagDefault, FlagValue } from './typed-flags.js';
import { UnheardErrors } from './unheard-errors.js';

const EMPTY_CONFIG: FlagsConfig = { flags: [] };

/**
 * One client serves every request of a process: it holds the compiled configuration in force,
 * follows the store for changes, evaluates synchronously and records outcomes into local counters.
 * Create it with `createClient`.
 */
export class RampkitClient extends ClientEmitter {
  readonly #store: RampkitStore;
  readonly #ownsStore: boolean;
  readonly #now: () => number;
  /** Whether `options.now` replaced the wall clock. */
  readonly #clockInjected: boolean;
  readonly #dedup: ExposureDedup;
  readonly #unheard: UnheardErrors;
  readonly #aggregator: MetricsAggregator | undefined;
  readonly #tracker: ExperimentTracker | undefined;
  /**
   * Whether experiment exposures are recorded for tracking: from the start when `experimentData` is
   * given, else from the first `track()` call, so that an application that never tracks pays nothing
   * per evaluation of a split (bench/README.md).
   */
  #tracking: boolean;
  readonly #retry: { initialMs: number; maxMs: number };
  #compiled: CompiledConfig;
  #version = 0;
  #generation: string | undefined;
  #hasConfig: boolean;
  #unsubscribe: Unsubscribe | undefined;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;
  #isReady = false;
  #stale = false;
  #lastError: Error | undefined;
  /** When the configuration in force stopped being known current (the store went stale). */
  #staleAt = 0;
  readonly #observers = new Observers();
  /** Made when a reader of evaluation counts is first opened; `#countingEvaluations` while one is open. */
  #evaluationCounts: EvaluationCounts | undefined;
  #outcomeCounts: OutcomeCounts | undefined;
  /** Where outcomes are counted for exporters when there is no aggregator to count them in. */
  #outcomeCells: OutcomeCells | undefined;
  #countingEvaluations = false;
  readonly #snapshots = new SnapshotQueue({
    inForce: () => ({ compiled: this.#compiled, version: this.#version, generation: this.#generation }),
    isClosed: () => this.#closed,
    wantsChangedKeys: () => this.listenerCount('change') > 0,
    install: (prepared) => this.#install(prepared),
    // The store holds something invalid (edited by hand?): keep serving the last good configuration.
    report: (error) => this.#report(error),
  });
  readonly #ready: Promise<void>;
  #markReady!: () => void;

  constructor(options: ClientOptions = {}) {
    super();
    this.#now = options.now ?? Date.now;
    this.#clockInjected = options.now !== undefined;
    this.#retry = options.retryDelay ?? { initialMs: 250, maxMs: 30_000 };
    this.#unheard = new UnheardErrors(options.logger ?? console);
    this.#dedup = new ExposureDedup(
      options.exposureWindowMs ?? 600_000,
      options.maxExposureEntries ?? 100_000,
    );
    // One validated, frozen copy serves the client and its own store: the store hands it back as
    // version 1, which is then put in force without being checked or compiled again.
    const bootstrap =
      options.flags === undefined ? undefined : adoptConfig(options.flags, 'the flags option');
    this.#hasConfig = bootstrap !== undefined;
    this.#compiled = compileConfig(bootstrap ?? EMPTY_CONFIG);
    this.#ready = new Promise((resolve) => {
      this.#markReady = resolve;
    });

    if (options.store) {
      this.#store = options.store;
      this.#ownsStore = false;
    } else {
      this.#store = new MemoryStore(bootstrap ? { config: bootstrap } : {});
      this.#ownsStore = true;
    }

    const metricsStore = options.metrics === undefined ? this.#store : options.metrics;
    if (metricsStore !== false && isMetricsStore(metricsStore)) {
      this.#aggregator = new MetricsAggregator({
        store: metricsStore,
        windowMs: options.metricsWindowMs ?? 10_000,
        flushIntervalMs: options.flushIntervalMs ?? 5_000,
        maxPendingWindows: options.maxPendingWindows ?? 10_000,
        // Passed on only when given: without one, the aggregator reads the wall clock once a window.
        now: options.now,
        instanceId: options.instanceId ?? randomInstanceId(),
        onError: (error) => this.#report(error),
      });
    }

    const experimentStore = options.experimentData === undefined ? this.#store : options.experimentData;
    this.#tracking = options.experimentData !== undefined && options.experimentData !== false;
    if (experimentStore !== false && isExperimentDataStore(experimentStore)) {
      this.#tracker = new ExperimentTracker({
        store: experimentStore,
        flushIntervalMs: options.flushIntervalMs ?? 5_000,
        maxUnits: options.maxTrackedUnits ?? 100_000,
        maxMetricsPerUnit: options.maxMetricsPerUnit ?? 64,
        maxPendingRecords: options.maxPendingTrackRecords ?? 100_000,
        onError: (error) => this.#report(error),
      });
    }

    this.#unsubscribe = this.#store.subscribeConfig(
      (snapshot) => this.#apply(snapshot),
      (error) => this.#report(error),
      (stale) => this.#setStale(stale),
    );
    this.#load(this.#retry.initialMs);
  }

  /**
   * @internal The request logic's way past the public methods (see `RequestAccess`). Keyed by a symbol
   * no entry point exports, so it is not public API; called once per middleware, not per request.
   */
  [REQUEST_ACCESS](): RequestAccess {
    return {
      flag: (key) => (this.#hasConfig ? this.#compiled.flags.get(key) : undefined),
      serve: (flag, context) => {
        const result = evaluateFound(flag, context);
        if (this.#countingEvaluations) countEvaluation(flag, result);
        return this.#exposing(result, context);
      },
      report: (error) => this.#tell(toError(error)),
    };
  }

  /**
   * @internal Opens a reader of the evaluations counted per (flag, variation), for exporters that
   * read them when scraped (`countEvaluations` of `@rampkit/core/internal`; not public API).
   */
  [EVALUATION_COUNTS](): EvaluationCounter {
    this.#evaluationCounts ??= new EvaluationCounts(
      () => this.#compiled,
      (counting) => {
        this.#countingEvaluations = counting;
      },
    );
    return this.#evaluationCounts.open();
  }

  /**
   * @internal Opens a reader of the outcomes counted per (flag, variation), for exporters that read
   * them when scraped (`countOutcomes` of `@rampkit/core/internal`; not public API). The aggregator
   * counts them with its window totals; without one, `record` and `recordAll` do.
   */
  [OUTCOME_COUNTS](options: OutcomeCountsOptions): OutcomeCounter | undefined {
    this.#outcomeCounts ??= new OutcomeCounts((cells) => {
      if (this.#aggregator) this.#aggregator.countInto(cells);
      else this.#outcomeCells = cells;
    });
    return this.#outcomeCounts.open(options);
  }

  /** The store the client follows (the internal MemoryStore when none was given). */
  get store(): RampkitStore {
    return this.#store;
  }

  /** Version of the store snapshot in force; 0 while only the bootstrap (or nothing) is. */
  get configVersion(): number {
    return this.#version;
  }

  /** True while the store reports that the configuration in force may be out of date. */
  get isStale(): boolean {
    return this.#stale;
  }

  /**
   * Milliseconds since the configuration in force was last known to be the store's: 0 while the
   * store reports no staleness, the time since it went stale while it does; undefined before the
   * first configuration from the store is in force.
   */
  get syncAgeMs(): number | undefined {
    if (!this.#isReady) return undefined;
    return this.#stale ? Math.max(0, this.#now() - this.#staleAt) : 0;
  }

  /**
   * Adds an observer of what the client counts (outcomes, evaluations): see `ClientObserver`.
   * Returns the function that removes it. While nobody observes, nothing is called.
   */
  observe(observer: ClientObserver): Unsubscribe {
    return this.#observers.add(observer);
  }

  /** Counters of the metrics recorder: recorded outcomes, flushed and pending windows, drops. */
  get metricsStats(): MetricsAggregator['stats'] | undefined {
    return this.#aggregator?.stats;
  }

  /** Counters of tracking: events tracked and attributed, records flushed, pending and dropped. */
  get trackingStats(): TrackingStats | undefined {
    return this.#tracker?.stats;
  }

  /**
   * Resolves once the store's configuration is in force (at once for a client without a store
   * of its own). Evaluation before then serves the bootstrap `flags`, or callers' defaults.
   * @throws RampkitError `RAMPKIT_NOT_READY` after `timeoutMs`, naming the last store error
   */
  ready(options: { timeoutMs?: number } = {}): Promise<void> {
    const timeoutMs = options.timeoutMs ?? 10_000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const why = this.#lastError ? `last error: ${this.#lastError.message}` : 'the store has not answered';
        reject(
          new RampkitError('RAMPKIT_NOT_READY', `Rampkit client not ready after ${timeoutMs} ms (${why})`),
        );
      }, timeoutMs);
    });
    return Promise.race([this.#ready, timeout]).finally(() => clearTimeout(timer));
  }

  /**
   * Evaluates a flag for a context. Never throws: a missing flag, bad context or internal problem
   * yields `defaultValue` with reason ERROR and an `errorCode`. No type check: see `value()`.
   */
  evaluate<T extends JsonValue = JsonValue>(
    key: string,
    context: EvaluationContext,
    defaultValue?: T,
  ): EvaluationResult<T | JsonValue | undefined> {
    return this.#evaluate(key, context, defaultValue, undefined);
  }

  /** The flag's value, type-checked against the default (TYPE_MISMATCH returns the default). */
  value<K extends string, D extends FlagDefault<K>>(
    key: K,
    context: EvaluationContext,
    defaultValue: D,
  ): FlagValue<K, D> {
    return this.#evaluate(key, context, defaultValue, typeOfDefault(defaultValue)).value as FlagValue<K, D>;
  }

  /** Full result of `value()`: value, variation, reason and error code. */
  valueDetails<K extends string, D extends FlagDefault<K>>(
    key: K,
    context: EvaluationContext,
    defaultValue: D,
  ): EvaluationResult<FlagValue<K, D>> {
    return this.#evaluate(key, context, defaultValue, typeOfDefault(defaultValue)) as EvaluationResult<
      FlagValue<K, D>
    >;
  }

  /** A boolean flag's value; `defaultValue` for missing or non-boolean flags. */
  isEnabled(key: string, context: EvaluationContext, defaultValue = false): boolean {
    return this.#evaluate(key, context, defaultValue, 'boolean').value as boolean;
  }

  /** The name of the variation served (e.g. `canary` or `stable`), or `defaultVariation` on error. */
  variation(key: string, context: EvaluationContext, defaultVariation?: string): string | undefined {
    return this.#evaluate(key, context, undefined, undefined).variation ?? defaultVariation;
  }

  /**
   * Every flag evaluated for one context, keyed by flag key (for bootstrapping a front end or a
   * debug page). Does not emit exposures: nothing was necessarily shown to the unit.
   */
  allFlags(context: EvaluationContext): Record<string, EvaluationResult> {
    const out: Record<string, EvaluationResult> = {};
    const compiled = this.#compiled;
    for (const key of compiled.flags.keys()) {
      out[key] = evaluateFlag(compiled, key, context, null, undefined);
    }
    return out;
  }

  /** Whether outcomes of this flag are reported (`isTrackedFlag`: its `track`, else true for a canary). */
  isTracked(key: string): boolean {
    return this.#compiled.flags.get(key)?.tracked ?? false;
  }

  /**
   * Counts one outcome (request, error, latency) for the variation of a flag that served it.
   * Only increments local counters; they are flushed to the metrics store every flush interval.
   */
  record(flagKey: string, variation: string, outcome: Outcome = {}): void {
    if (this.#closed) return;
    const observe = this.#observers.outcomes;
    if (observe !== undefined) this.#observe(observe, [flagKey, variation], outcome);
    if (!this.#aggregator) {
      this.#outcomeCells?.recordAll([flagKey, variation], outcome);
      return;
    }
    try {
      this.#aggregator.record(flagKey, variation, outcome);
    } catch (error) {
      this.#report(error);
    }
  }

  /**
   * `record` of one outcome for each (flag, variation) pair of `pairs`, given as
   * [flag, variation, flag, variation, …]: what one request that served several flags reports, in
   * one call and one clock read. Both are read during the call only: the middleware reuses them.
   */
  recordAll(pairs: readonly string[], outcome: Outcome = {}): void {
    if (this.#closed) return;
    const observe = this.#observers.outcomes;
    if (observe !== undefined) this.#observe(observe, pairs, outcome);
    if (!this.#aggregator) {
      this.#outcomeCells?.recordAll(pairs, outcome);
      return;
    }
    try {
      this.#aggregator.recordAll(pairs, outcome);
    } catch (error) {
      this.#report(error);
    }
  }

  /**
   * Tracks one event of metric `metricKey` (a conversion, revenue, a click) for the context's unit:
   * it counts, with `value`, for every experiment the unit was exposed to before it, in the arm it was
   * exposed to (docs/experiments.md, "Tracking"). Only adds to local totals, flushed with metrics.
   * Never throws: a bad key or value is an `error` event naming it, and counted in `trackingStats`.
   * @param value the event's value (revenue, a count) @default 1
   */
  track(metricKey: string, context: EvaluationContext, value = 1): void {
    if (this.#closed) return;
    try {
      const problem = checkTrack(metricKey, context, value);
      if (problem !== undefined) {
        this.#tracker?.reject();
        this.#tell(new RampkitError('RAMPKIT_INVALID_ARGUMENT', `track: ${problem}`));
        return;
      }
      // On the process's own clock, an exposure the ledger knows was recorded before this call: the
      // comparison of times that attribution makes can only pass, so no clock is read for it (a
      // clock stepped back would even refuse the event). An injected clock is compared, as tests and
      // replays need.
      const now = this.#clockInjected ? this.#now() : Number.POSITIVE_INFINITY;
      this.#tracking = this.#tracker !== undefined;
      const unit = this.#tracker?.track(context, metricKey, value, now);
      if (this.trackListened) {
        const found = unit ?? readUnit(context, 'targetingKey');
        const timestamp = this.#clockInjected ? now : this.#now();
        if (found !== undefined) this.emit('track', { metricKey, unit: found, value, timestamp });
      }
    } catch (error) {
      this.#report(error);
    }
  }

  /** Flushes recorded outcomes and tracked events to their stores now. */
  async flush(): Promise<void> {
    await Promise.all([this.#aggregator?.flush(), this.#tracker?.flush()]);
  }

  /** Stops following the store, flushes metrics and releases timers. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    clearTimeout(this.#retryTimer);
    this.#dedup.clear();
    await Promise.all([this.#aggregator?.close(), this.#tracker?.close()]);
    if (this.#ownsStore) await this.#store.close?.();
  }

  #evaluate<T>(
    key: string,
    context: EvaluationContext,
    defaultValue: T,
    expectedType: FlagType | undefined,
  ): EvaluationResult<T | JsonValue> {
    if (!this.#hasConfig) return notReady(key, defaultValue);
    const result = evaluateFlag(this.#compiled, key, context, defaultValue, expectedType);
    if (this.#countingEvaluations) countResult(this.#compiled, result);
    return this.#exposing(result, context);
  }

  /** `result`, after emitting its exposure when it served a variation and someone listens. */
  #exposing<R extends EvaluationResult<unknown>>(result: R, context: EvaluationContext): R {
    const observe = this.#observers.evaluated;
    if (observe !== undefined) this.#observeEvaluation(observe, result);
    if (
      result.variation !== undefined &&
      (this.exposureListened || (result.inExperiment && this.#tracking))
    ) {
      this.#expose(result, context);
    }
    return result;
  }

  #observe(observer: OutcomesObserver, pairs: readonly string[], outcome: Outcome): void {
    try {
      observer.outcomes(pairs, outcome);
    } catch (error) {
      this.#report(error);
    }
  }

  #observeEvaluation(observer: EvaluationObserver, result: EvaluationResult<unknown>): void {
    try {
      observer.evaluated(result);
    } catch (error) {
      this.#report(error);
    }
  }

  #expose(result: EvaluationResult<unknown>, context: EvaluationContext): void {
    try {
      const flag = this.#compiled.flags.get(result.key);
      if (!flag || result.variation === undefined) return;
      const unit = readUnit(context, flag.unitAttribute);
      const now = this.#now();
      // Only once tracking is on: an exposure listener alone must not fill the tracker's ledger.
      if (this.#tracking && result.inExperiment && unit !== undefined) {
        this.#tracker?.expose(flag.unitAttribute, unit, flag.key, result.variation, now);
      }
      if (!this.exposureListened) return;
      if (!this.#dedup.shouldEmit(flag, unit ?? '', now)) return;
      this.emit('exposure', {
        flagKey: flag.key,
        variation: result.variation,
        ...(unit === undefined ? {} : { unit }),
        flagVersion: flag.version,
        reason: result.reason,
        inExperiment: result.inExperiment,
        timestamp: now,
      });
    } catch (error) {
      // A throwing exposure listener is the application's bug, but it must not fail the request.
      this.#report(error);
    }
  }

  #load(delayMs: number): void {
    this.#store.loadConfig().then(
      (snapshot) => {
        if (this.#closed) return;
        if (snapshot) this.#apply(snapshot);
        else this.#becomeReady();
      },
      (error: unknown) => {
        if (this.#closed) return;
        this.#report(error);
        this.#retryTimer = setTimeout(() => this.#load(Math.min(delayMs * 2, this.#retry.maxMs)), delayMs);
        unref(this.#retryTimer);
      },
    );
  }

  #apply(snapshot: ConfigSnapshot): void {
    this.#snapshots.offer(snapshot);
  }

  #install(prepared: PreparedSnapshot): void {
    this.#evaluationCounts?.retire(this.#compiled, prepared.compiled);
    this.#compiled = prepared.compiled;
    this.#version = prepared.version;
    this.#generation = prepared.generation;
    this.#hasConfig = true;
    this.#unheard.forget();
    if (this.listenerCount('change') > 0) {
      this.#emitSafely('change', { version: prepared.version, changedKeys: prepared.changedKeys() });
    }
    this.#becomeReady();
  }

  #becomeReady(): void {
    // An empty store means "no flags": from now on callers get FLAG_NOT_FOUND rather than NOT_READY.
    this.#hasConfig = true;
    if (this.#isReady) return;
    this.#isReady = true;
    this.#markReady();
    this.#emitSafely('ready');
  }

  #setStale(stale: boolean): void {
    if (this.#closed || stale === this.#stale) return;
    this.#stale = stale;
    if (stale) this.#staleAt = this.#now();
    if (!stale) this.#unheard.forget();
    this.#emitSafely(stale ? 'stale' : 'fresh');
  }

  /** A problem of the client's own: remembered for `ready()`'s timeout message, then told. */
  #report(error: unknown): void {
    const err = toError(error);
    this.#lastError = err;
    this.#tell(err);
  }

  /** Emits `error`, or, while nobody listens for it, logs the problem once (see UnheardErrors). */
  #tell(error: Error): void {
    if (this.listenerCount('error') > 0) this.#emitSafely('error', error);
    else this.#unheard.log(error);
  }

  #emitSafely<E extends keyof ClientEvents>(event: E, ...args: ClientEvents[E]): void {
    try {
      (this.emit as (event: E, ...args: ClientEvents[E]) => boolean)(event, ...args);
    } catch {
      // Listeners run inside store callbacks; one that throws must not stop configuration updates.
    }
  }
}

/** Creates the process-wide client. See ClientOptions for every option and its default. */
export function createClient(options: ClientOptions = {}): RampkitClient {
  return new RampkitClient(options);
}

function typeOfDefault(value: unknown): FlagType {
  switch (typeof value) {
    case 'boolean':
      return 'boolean';
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    default:
      return 'json';
  }
}

function notReady<T>(key: string, defaultValue: T): EvaluationResult<T> {
  return {
    key,
    value: defaultValue,
    reason: 'ERROR',
    inExperiment: false,
    errorCode: 'PROVIDER_NOT_READY',
    errorMessage: 'no configuration has been loaded yet',
  };
}

function randomInstanceId(): string {
  return `i-${Math.random().toString(36).slice(2, 10)}`;
}
