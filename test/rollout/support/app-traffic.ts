import type { RolloutStore } from '@rampkit/rollout';
import { LatencyHistogram, type MetricsWindow } from './deps.js';
import { FLAG } from './world.js';

const WINDOW_MS = 10_000;

/** What one arm does each second. */
export interface ArmBehaviour {
  /** Share of its requests that fail. @default 0.01 */
  errorRate?: number;
  /** Every request takes about this long. @default 50 */
  latencyMs?: number;
  /** Its metrics reach the store (false: its instances hang, or their exporter died). @default true */
  reporting?: boolean;
}

/**
 * An application serving a steady number of requests a second, split by the flag's current weights,
 * counting them into 10-second windows and flushing those to the store every 5 seconds, as core's
 * MetricsAggregator does. Deterministic: errors fall at evenly spaced requests.
 */
export class AppTraffic {
  readonly #store: RolloutStore;
  readonly #now: () => number;
  readonly #pending = new Map<string, MetricsWindow & { histogram: LatencyHistogram }>();
  readonly #errorDebt = { v1: 0, v2: 0 };
  /** Requests served per arm since the start. */
  readonly served = { v1: { requests: 0, errors: 0 }, v2: { requests: 0, errors: 0 } };
  perSecond: number;
  stable: ArmBehaviour = {};
  canary: ArmBehaviour = {};
  #seconds = 0;

  constructor(store: RolloutStore, now: () => number, perSecond: number) {
    this.#store = store;
    this.#now = now;
    this.perSecond = perSecond;
  }

  /** Serves one second of traffic at the flag's weights now; flushes every fifth second. */
  async second(): Promise<void> {
    const weight = await this.#canaryWeight();
    const canary = Math.round((this.perSecond * weight) / 100);
    this.#serve('v1', this.perSecond - canary, this.stable);
    this.#serve('v2', canary, this.canary);
    this.#seconds += 1;
    if (this.#seconds % 5 === 0) await this.flush();
  }

  async flush(): Promise<void> {
    const windows: MetricsWindow[] = [];
    for (const [key, pending] of this.#pending) {
      const arm = pending.variation === 'v1' ? this.stable : this.canary;
      this.#pending.delete(key);
      if (arm.reporting === false) continue;
      const { histogram, ...window } = pending;
      windows.push({ ...window, latency: histogram.toData() });
    }
    if (windows.length > 0) await this.#store.writeMetrics(windows);
  }

  #serve(variation: 'v1' | 'v2', requests: number, behaviour: ArmBehaviour): void {
    if (requests === 0) return;
    const windowStart = Math.floor(this.#now() / WINDOW_MS) * WINDOW_MS;
    const key = `${variation}:${windowStart}`;
    let pending = this.#pending.get(key);
    if (pending === undefined) {
      pending = {
        flagKey: FLAG,
        variation,
        windowStart,
        windowMs: WINDOW_MS,
        requests: 0,
        errors: 0,
        aborted: 0,
        latency: { buckets: {}, count: 0, sum: 0, min: 0, max: 0 },
        histogram: new LatencyHistogram(),
      };
      this.#pending.set(key, pending);
    }
    this.#errorDebt[variation] += requests * (behaviour.errorRate ?? 0.01);
    const errors = Math.floor(this.#errorDebt[variation]);
    this.#errorDebt[variation] -= errors;
    pending.requests += requests;
    pending.errors += errors;
    const latency = behaviour.latencyMs ?? 50;
    for (let i = 0; i < requests; i++)
      pending.histogram.record(latency * (0.8 + (0.4 * ((i * 37) % 100)) / 100));
    this.served[variation].requests += requests;
    this.served[variation].errors += errors;
  }

  async #canaryWeight(): Promise<number> {
    const snapshot = await this.#store.loadConfig();
    const flag = snapshot?.config.flags.find((f) => f.key === FLAG);
    const { variation, split } = flag?.fallthrough ?? {};
    if (variation !== undefined) return variation === 'v2' ? 100 : 0;
    return (split?.weights.find((w) => w.variation === 'v2')?.weight ?? 0) / 100;
  }
}
