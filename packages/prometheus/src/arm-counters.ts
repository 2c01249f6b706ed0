import type { ClientObserver, EvaluationResult, Outcome } from '@rampkit/core';
import type { EvaluationCount, OutcomeCount } from '@rampkit/core/internal';

/** What the exporter counts for one (flag, variation): plain numbers, read when Prometheus scrapes. */
export interface ArmCounters {
  readonly flag: string;
  readonly variation: string;
  requests: number;
  errors: number;
  aborts: number;
  evaluations: number;
  exposures: number;
  /** Latency samples per bucket (not cumulative); the last slot counts those above every bound. */
  readonly buckets: Float64Array;
  /** Sum of the latency samples, in seconds. */
  durationSum: number;
  durationCount: number;
}

/** How many (flag, variation) pairs `#recent` remembers: a request serves a handful of flags. */
const RECENT_PAIRS = 16;

/**
 * The counters of every (flag, variation) a client served, bounded by `maxPairs`: label values come
 * from the flags configuration, but `client.record` is public and takes any string, so a pair beyond
 * the bound is counted in `dropped` instead of becoming a series. It observes the client itself.
 */
export class ArmCounterTable implements ClientObserver {
  readonly #byFlag = new Map<string, Map<string, ArmCounters>>();
  // The first pairs seen, with their counters: the client hands over the same few interned strings
  // over and over, and comparing them costs less than two map lookups (bench/http/README.md). Arrays
  // of one kind each.
  readonly #recentFlags: string[] = [];
  readonly #recentVariations: string[] = [];
  readonly #recentArms: ArmCounters[] = [];
  readonly #boundsMs: Float64Array;
  readonly #maxPairs: number;
  #size = 0;
  /** Outcomes (without `countOutcomes`), exposures and (without `countEvaluations`) evaluations of pairs past the bound. */
  dropped = 0;
  /** Outcomes the client counted for pairs past the bound, as of the last `setOutcomes`. */
  droppedOutcomes = 0;
  /** Evaluations the client counted for pairs past the bound, as of the last `setEvaluations`. */
  droppedEvaluations = 0;

  constructor(bucketsSeconds: readonly number[], maxPairs: number) {
    this.#boundsMs = Float64Array.from(bucketsSeconds, (seconds) => seconds * 1000);
    this.#maxPairs = maxPairs;
  }

  /** Every pair counted so far, in the order first seen. */
  *pairs(): IterableIterator<ArmCounters> {
    for (const variations of this.#byFlag.values()) yield* variations.values();
  }

  /**
   * Counts an evaluation that served a variation, for a client that cannot be read at scrape time
   * (`countEvaluations`: one of another copy of core). Its key and name come from the configuration.
   */
  countEvaluation(result: EvaluationResult<unknown>): void {
    const variation = result.variation;
    if (variation === undefined) return;
    const arm = this.arm(result.key, variation);
    if (arm !== undefined) arm.evaluations += 1;
  }

  /**
   * Sets the evaluations of each pair to the client's counts, read when scraped; those of pairs past
   * the bound are `droppedEvaluations`.
   */
  setEvaluations(counts: readonly EvaluationCount[]): void {
    let dropped = 0;
    for (const { flag, variation, count } of counts) {
      const arm = this.#lookup(flag, variation);
      if (arm === undefined) dropped += count;
      else arm.evaluations = count;
    }
    this.droppedEvaluations = dropped;
  }

  /**
   * Sets the outcomes of each pair to the client's counts, read when scraped (in the table's own
   * buckets: the client was asked for them); those of pairs past the bound are `droppedOutcomes`,
   * with `droppedByClient`, those the client counted past the same bound.
   */
  setOutcomes(counts: readonly OutcomeCount[], droppedByClient: number): void {
    let dropped = droppedByClient;
    for (const count of counts) {
      const arm = this.#lookup(count.flag, count.variation);
      if (arm === undefined) {
        dropped += count.requests + count.aborts;
        continue;
      }
      arm.requests = count.requests;
      arm.errors = count.errors;
      arm.aborts = count.aborts;
      arm.buckets.set(count.buckets);
      arm.durationSum = count.sumMs / 1000;
      arm.durationCount = count.samples;
    }
    this.droppedOutcomes = dropped;
  }

  /**
   * Counts one outcome for each pair, for a client that cannot be read at scrape time
   * (`countOutcomes`: one of another copy of core, or already read with other buckets), as the
   * client's aggregator does (aborted apart, without latency).
   */
  outcomes(pairs: readonly string[], outcome: Outcome): void {
    const error = outcome.error === true;
    const aborted = !error && outcome.aborted === true;
    const latencyMs = outcome.latencyMs;
    for (let i = 0; i + 1 < pairs.length; i += 2) {
      const arm = this.arm(pairs[i]!, pairs[i + 1]!);
      if (arm === undefined) continue;
      if (aborted) {
        arm.aborts += 1;
        continue;
      }
      arm.requests += 1;
      if (error) arm.errors += 1;
      if (typeof latencyMs === 'number' && latencyMs >= 0 && latencyMs < Number.POSITIVE_INFINITY) {
        this.#observe(arm, latencyMs);
      }
    }
  }

  /** The counters of (flag, variation), created when missing; undefined past the bound. */
  arm(flag: string, variation: string): ArmCounters | undefined {
    const flags = this.#recentFlags;
    const variations = this.#recentVariations;
    for (let i = 0; i < flags.length; i++) {
      if (flags[i] === flag && variations[i] === variation) return this.#recentArms[i];
    }
    const arm = this.#lookup(flag, variation);
    if (arm === undefined) {
      this.dropped += 1;
      return undefined;
    }
    if (flags.length < RECENT_PAIRS) {
      flags.push(flag);
      variations.push(variation);
      this.#recentArms.push(arm);
    }
    return arm;
  }

  #lookup(flag: string, variation: string): ArmCounters | undefined {
    let variations = this.#byFlag.get(flag);
    const found = variations?.get(variation);
    if (found !== undefined) return found;
    if (this.#size >= this.#maxPairs) return undefined;
    if (variations === undefined) {
      variations = new Map();
      this.#byFlag.set(flag, variations);
    }
    const arm: ArmCounters = {
      flag,
      variation,
      requests: 0,
      errors: 0,
      aborts: 0,
      evaluations: 0,
      exposures: 0,
      buckets: new Float64Array(this.#boundsMs.length + 1),
      durationSum: 0,
      durationCount: 0,
    };
    variations.set(variation, arm);
    this.#size += 1;
    return arm;
  }

  #observe(arm: ArmCounters, latencyMs: number): void {
    const bounds = this.#boundsMs;
    let slot = 0;
    while (slot < bounds.length && latencyMs > bounds[slot]!) slot += 1;
    arm.buckets[slot]! += 1;
    arm.durationSum += latencyMs / 1000;
    arm.durationCount += 1;
  }
}
