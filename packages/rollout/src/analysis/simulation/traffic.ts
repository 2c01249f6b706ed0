import { LatencyHistogram, type MetricsWindow } from '@rampkit/core';
import type { ClockReading } from '../../state/clock.js';
import type { Random } from './random.js';
import type { ArmProfile, TrafficScenario } from './scenario.js';

export type Arm = 'stable' | 'canary';

/** The wall clock at second 0 of every simulated rollout (a multiple of the 10 s windows). */
export const SIMULATION_EPOCH = 1_767_225_600_000;
/** Metrics windows of the simulated applications, as the aggregator's default. */
export const WINDOW_MS = 10_000;
/** The applications flush their windows every 5 s, as the aggregator's default. */
const FLUSH_SECONDS = 5;

/** What a rollback policy can read at a check: simulated metrics up to `now`. */
export interface TrafficView {
  /** Whole seconds since the rollout began: the simulation's steady clock. */
  readonly now: number;
  /** Both clocks now; the wall clock steps where the scenario says. */
  clock(): ClockReading;
  /** The wall clock at a past second. */
  wallAt(second: number): number;
  /**
   * Requests and errors of one arm from second `from` (inclusive) to now, as a Prometheus query
   * would see them: nothing after the arm stopped reporting, nothing within its reporting lag.
   */
  counts(arm: Arm, from: number): { requests: number; errors: number };
  /**
   * Every metrics window both arms' applications have flushed so far, summed per (variation,
   * window start), as a metrics store's `readMetricsWindows` returns them; stamped by the wall clock.
   */
  windows(): MetricsWindow[];
}

interface WindowTotals {
  windowStart: number;
  requests: number;
  errors: number;
  latency: LatencyHistogram | undefined;
  /** The window as last handed out; dropped whenever a second is added to it. */
  cached?: MetricsWindow;
}

/**
 * Simulated traffic, one second at a time: Poisson arrivals, each request routed to the canary with
 * the ramp's current weight, failing with its arm's error rate (or a shared spike's) and, when the
 * profile has latency, taking a lognormal time (stretched by a shared slowdown). Counts are kept as
 * prefix sums so any range costs O(1); latency keeps one histogram per arm and second. The
 * applications' metrics windows are built as they would be flushed.
 */
export class SimulatedTraffic implements TrafficView {
  #now = 0;
  readonly #scenario: TrafficScenario;
  readonly #random: Random;
  readonly #requests: Record<Arm, number[]> = { stable: [0], canary: [0] };
  readonly #errors: Record<Arm, number[]> = { stable: [0], canary: [0] };
  readonly #latency: Record<Arm, (LatencyHistogram | undefined)[]> = { stable: [], canary: [] };
  readonly #windows: Record<Arm, Map<number, WindowTotals>> = { stable: new Map(), canary: new Map() };
  /** Seconds already added to `#windows`, per arm. */
  readonly #flushed: Record<Arm, number> = { stable: 0, canary: 0 };

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
    return this.#scenario.ramp.at(-1)?.weight ?? 1;
  }

  clock(): ClockReading {
    return { wall: this.wallAt(this.#now), monotonic: this.#now * 1000 };
  }

  wallAt(second: number): number {
    let offset = 0;
    for (const step of this.#scenario.clockSteps ?? []) if (second >= step.at) offset += step.seconds;
    return SIMULATION_EPOCH + (second + offset) * 1000;
  }

  /** Simulates the next second. */
  advance(): void {
    const t = this.#now;
    const scenario = this.#scenario;
    const weight = this.weightAt(t);
    const stopped = scenario.trafficStopsAt !== undefined && t >= scenario.trafficStopsAt;
    const arrivals = stopped ? 0 : this.#random.poisson(scenario.requestsPerSecond);
    const spike = scenario.spikes?.find((event) => t >= event.from && t < event.to);
    const slowdown = scenario.slowdowns?.find((event) => t >= event.from && t < event.to)?.factor ?? 1;
    const change = scenario.canaryChange;
    const rates: Record<Arm, number> = {
      stable: spike?.errorRate ?? scenario.stable.errorRate,
      canary:
        spike?.errorRate ??
        (change !== undefined && t >= change.at ? change.errorRate : scenario.canary.errorRate),
    };
    const second = {
      stable: { requests: 0, errors: 0, latency: this.#latencyHistogram('stable') },
      canary: { requests: 0, errors: 0, latency: this.#latencyHistogram('canary') },
    };
    for (let i = 0; i < arrivals; i++) {
      const arm: Arm = this.#random.next() < weight ? 'canary' : 'stable';
      const outcome = second[arm];
      outcome.requests += 1;
      if (this.#random.next() < rates[arm]) outcome.errors += 1;
      if (outcome.latency !== undefined) outcome.latency.record(this.#latencyOf(scenario[arm]) * slowdown);
    }
    for (const arm of ['stable', 'canary'] as const) {
      const requests = this.#requests[arm];
      const errors = this.#errors[arm];
      requests.push(requests[requests.length - 1]! + second[arm].requests);
      errors.push(errors[errors.length - 1]! + second[arm].errors);
      this.#latency[arm].push(second[arm].latency);
    }
    this.#now += 1;
  }

  counts(arm: Arm, from: number): { requests: number; errors: number } {
    const profile = this.#scenario[arm];
    const end = Math.max(
      0,
      Math.min(this.#now - (profile.reportLagSeconds ?? 0), profile.stopsReportingAt ?? this.#now),
    );
    const start = Math.max(0, Math.min(from, end));
    return {
      requests: this.#requests[arm][end]! - this.#requests[arm][start]!,
      errors: this.#errors[arm][end]! - this.#errors[arm][start]!,
    };
  }

  windows(): MetricsWindow[] {
    const out: MetricsWindow[] = [];
    for (const arm of ['stable', 'canary'] as const) {
      this.#flush(arm, this.#flushedUntil(arm));
      for (const totals of this.#windows[arm].values()) {
        totals.cached ??= metricsWindow(arm, totals);
        out.push(totals.cached);
      }
    }
    return out;
  }

  /** Seconds of an arm's traffic its applications have flushed by now. */
  #flushedUntil(arm: Arm): number {
    const profile = this.#scenario[arm];
    const lagged = this.#now - (profile.reportLagSeconds ?? 0);
    const flushed = Math.floor(lagged / FLUSH_SECONDS) * FLUSH_SECONDS;
    return Math.max(0, Math.min(flushed, profile.stopsReportingAt ?? flushed));
  }

  #flush(arm: Arm, until: number): void {
    const windows = this.#windows[arm];
    for (let s = this.#flushed[arm]; s < until; s++) {
      const requests = this.#requests[arm][s + 1]! - this.#requests[arm][s]!;
      if (requests === 0) continue;
      const windowStart = Math.floor(this.wallAt(s) / WINDOW_MS) * WINDOW_MS;
      let totals = windows.get(windowStart);
      if (totals === undefined) {
        const latency = this.#scenario[arm].latency === undefined ? undefined : new LatencyHistogram();
        totals = { windowStart, requests: 0, errors: 0, latency };
        windows.set(windowStart, totals);
      }
      delete totals.cached;
      totals.requests += requests;
      totals.errors += this.#errors[arm][s + 1]! - this.#errors[arm][s]!;
      const second = this.#latency[arm][s];
      if (totals.latency !== undefined && second !== undefined) totals.latency.merge(second);
    }
    this.#flushed[arm] = Math.max(this.#flushed[arm], until);
  }

  #latencyHistogram(arm: Arm): LatencyHistogram | undefined {
    return this.#scenario[arm].latency === undefined ? undefined : new LatencyHistogram();
  }

  #latencyOf(profile: ArmProfile): number {
    const { medianMs, sigma } = profile.latency!;
    return medianMs * Math.exp(sigma * this.#random.normal());
  }
}

function metricsWindow(arm: Arm, totals: WindowTotals): MetricsWindow {
  return {
    flagKey: 'simulated',
    variation: arm,
    windowStart: totals.windowStart,
    windowMs: WINDOW_MS,
    requests: totals.requests,
    errors: totals.errors,
    aborted: 0,
    latency: (totals.latency ?? new LatencyHistogram()).toData(),
  };
}
