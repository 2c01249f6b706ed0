import {
  type ArmMetrics,
  type HistogramData,
  histogramValues,
  LatencyHistogram,
  valueQuantile,
} from '@rampkit/core';
import type { Random } from './random.js';
import type { ArmProfile, TrafficScenario } from './scenario.js';

export type Arm = 'stable' | 'canary';

/** What a rollback policy can read at a check: simulated metrics up to `now`. */
export interface TrafficView {
  /** Whole seconds since the rollout began. */
  readonly now: number;
  /** Requests and errors of one arm from second `from` (inclusive) to now. */
  counts(arm: Arm, from: number): { requests: number; errors: number };
  /** Both arms' full metrics (latency included) from second `from` to now. */
  arms(from: number): { stable: ArmMetrics; canary: ArmMetrics };
}

/**
 * Simulated traffic, one second at a time: Poisson arrivals, each request routed to the canary with
 * the ramp's current weight, failing with its arm's error rate and, when the profile has latency,
 * taking a lognormal time. Counts are kept as prefix sums so any window costs O(1); latency keeps one
 * histogram per arm and second, plus running totals for the cumulative view.
 */
export class SimulatedTraffic implements TrafficView {
  #now = 0;
  readonly #scenario: TrafficScenario;
  readonly #random: Random;
  readonly #requests: Record<Arm, number[]> = { stable: [0], canary: [0] };
  readonly #errors: Record<Arm, number[]> = { stable: [0], canary: [0] };
  readonly #latency: Record<Arm, LatencyHistogram[]> = { stable: [], canary: [] };
  readonly #totalLatency: Record<Arm, LatencyHistogram> = {
    stable: new LatencyHistogram(),
    canary: new LatencyHistogram(),
  };
  #cumulative: { at: number; arms: { stable: ArmMetrics; canary: ArmMetrics } } | undefined;

  constructor(scenario: TrafficScenario, random: Random) {
    this.#scenario = scenario;
    this.#random = random;
  }

  get now(): number {
    return this.#now;
  }

  /** Total length of the ramp in seconds. */
  get duration(): number {
    return this.#scenario.ramp.reduce((sum, step) => sum + step.seconds, 0);
  }

  /** The canary's weight during second `second`. */
  weightAt(second: number): number {
    let end = 0;
    for (const step of this.#scenario.ramp) {
      end += step.seconds;
      if (second < end) return step.weight;
    }
    return 1;
  }

  /** Simulates the next second. */
  advance(): void {
    const weight = this.weightAt(this.#now);
    const arrivals = this.#random.poisson(this.#scenario.requestsPerSecond);
    const second = {
      stable: { requests: 0, errors: 0, latency: this.#latencyHistogram('stable') },
      canary: { requests: 0, errors: 0, latency: this.#latencyHistogram('canary') },
    };
    for (let i = 0; i < arrivals; i++) {
      const arm: Arm = this.#random.next() < weight ? 'canary' : 'stable';
      const profile = this.#scenario[arm];
      const outcome = second[arm];
      outcome.requests += 1;
      if (this.#random.next() < profile.errorRate) outcome.errors += 1;
      if (outcome.latency !== undefined) outcome.latency.record(this.#latencyOf(profile));
    }
    for (const arm of ['stable', 'canary'] as const) {
      const requests = this.#requests[arm];
      const errors = this.#errors[arm];
      requests.push(requests[requests.length - 1]! + second[arm].requests);
      errors.push(errors[errors.length - 1]! + second[arm].errors);
      const latency = second[arm].latency;
      if (latency !== undefined) {
        this.#latency[arm].push(latency);
        this.#totalLatency[arm].merge(latency);
      }
    }
    this.#now += 1;
  }

  counts(arm: Arm, from: number): { requests: number; errors: number } {
    const start = Math.max(0, Math.min(from, this.#now));
    return {
      requests: this.#requests[arm][this.#now]! - this.#requests[arm][start]!,
      errors: this.#errors[arm][this.#now]! - this.#errors[arm][start]!,
    };
  }

  arms(from: number): { stable: ArmMetrics; canary: ArmMetrics } {
    if (from <= 0) {
      if (this.#cumulative?.at !== this.#now) {
        this.#cumulative = {
          at: this.#now,
          arms: { stable: this.#metrics('stable', 0), canary: this.#metrics('canary', 0) },
        };
      }
      return this.#cumulative.arms;
    }
    return { stable: this.#metrics('stable', from), canary: this.#metrics('canary', from) };
  }

  #metrics(arm: Arm, from: number): ArmMetrics {
    const { requests, errors } = this.counts(arm, from);
    const latency = from <= 0 ? this.#totalLatency[arm].toData() : this.#windowLatency(arm, from);
    // One pass over the buckets per quantile; `quantileOf` would sort them again for each.
    const values = histogramValues(latency);
    return {
      variation: arm,
      requests,
      errors,
      aborted: 0,
      errorRate: requests > 0 ? errors / requests : 0,
      latency,
      p50: valueQuantile(values, 0.5),
      p90: valueQuantile(values, 0.9),
      p95: valueQuantile(values, 0.95),
      p99: valueQuantile(values, 0.99),
    };
  }

  #windowLatency(arm: Arm, from: number): HistogramData {
    const merged = new LatencyHistogram();
    for (const histogram of this.#latency[arm].slice(from, this.#now)) merged.merge(histogram);
    return merged.toData();
  }

  #latencyHistogram(arm: Arm): LatencyHistogram | undefined {
    return this.#scenario[arm].latency === undefined ? undefined : new LatencyHistogram();
  }

  #latencyOf(profile: ArmProfile): number {
    const { medianMs, sigma } = profile.latency!;
    return medianMs * Math.exp(sigma * this.#random.normal());
  }
}
