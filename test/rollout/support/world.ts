import {
  createRolloutController,
  type HistoryEntry,
  type PlanInput,
  type RolloutController,
  type RolloutControllerOptions,
  type RolloutStore,
  type TransitionEntry,
} from '@rampkit/rollout';
import { type FlagDefinition, LatencyHistogram, MemoryStore, type MetricsWindow } from './deps.js';
import { FakeClock } from './fake-clock.js';

export const FLAG = 'checkout';
export const MINUTE = 60_000;
const WINDOW_MS = 10_000;

export function checkoutFlag(overrides: Partial<FlagDefinition> = {}): FlagDefinition {
  return {
    key: FLAG,
    variations: { v1: 'stable build', v2: 'canary build' },
    offVariation: 'v1',
    fallthrough: { variation: 'v1' },
    ...overrides,
  };
}

export interface ArmTraffic {
  requests: number;
  errors: number;
  /** Every request takes this long, plus a little spread so quantiles are realistic. */
  latencyMs: number;
}

/** One store, one fake clock, and controllers built on them. */
export class World {
  readonly clock: FakeClock;
  readonly store: RolloutStore;
  readonly controllers: RolloutController[] = [];
  readonly errors: Error[] = [];

  /** A MemoryStore holding `flag`, or the store `open` returns (the caller writes the flag into it). */
  constructor(
    flag: FlagDefinition = checkoutFlag(),
    start?: number,
    open?: (now: () => number) => RolloutStore,
  ) {
    this.clock = new FakeClock(start);
    this.store =
      open?.(this.clock.now) ??
      new MemoryStore({ now: this.clock.now, config: { flags: [flag] }, metricsRetentionMs: 24 * 3_600_000 });
  }

  controller(options: Partial<RolloutControllerOptions> = {}): RolloutController {
    const controller = createRolloutController({
      store: this.store,
      now: this.clock.now,
      scheduler: this.clock,
      drive: false,
      pollInterval: '5s',
      ...options,
    });
    controller.on('error', (error) => this.errors.push(error));
    this.controllers.push(controller);
    return controller;
  }

  /** The canary's share of the flag's fallthrough right now, in percent. */
  async canaryWeight(canary = 'v2'): Promise<number> {
    const snapshot = await this.store.loadConfig();
    const flag = snapshot?.config.flags.find((f) => f.key === FLAG);
    const { variation, split } = flag?.fallthrough ?? {};
    if (variation !== undefined) return variation === canary ? 100 : 0;
    return (split?.weights.find((w) => w.variation === canary)?.weight ?? 0) / 100;
  }

  /** Records one arm's traffic in the metrics window holding the current time. */
  async record(variation: string, traffic: ArmTraffic): Promise<void> {
    if (traffic.requests === 0) return;
    const latency = new LatencyHistogram();
    for (let i = 0; i < traffic.requests; i++)
      latency.record(traffic.latencyMs * (0.8 + (0.4 * ((i * 37) % 100)) / 100));
    const now = this.clock.now();
    const window: MetricsWindow = {
      flagKey: FLAG,
      variation,
      windowStart: Math.floor(now / WINDOW_MS) * WINDOW_MS,
      windowMs: WINDOW_MS,
      requests: traffic.requests,
      errors: traffic.errors,
      aborted: 0,
      latency: latency.toData(),
    };
    await this.store.writeMetrics([window]);
  }

  /**
   * Serves `perMinute` requests split by the flag's current weights, with the given error rates
   * and latencies per arm, then lets a minute pass and ticks `controller`.
   */
  async minute(
    controller: RolloutController,
    traffic: {
      perMinute: number;
      stableErrorRate?: number;
      canaryErrorRate?: number;
      canaryLatencyMs?: number;
    },
  ): Promise<void> {
    const weight = await this.canaryWeight();
    const canary = Math.round((traffic.perMinute * weight) / 100);
    const stable = traffic.perMinute - canary;
    await this.record('v1', {
      requests: stable,
      errors: Math.round(stable * (traffic.stableErrorRate ?? 0.01)),
      latencyMs: 50,
    });
    await this.record('v2', {
      requests: canary,
      errors: Math.round(canary * (traffic.canaryErrorRate ?? 0.01)),
      latencyMs: traffic.canaryLatencyMs ?? 50,
    });
    this.clock.set(this.clock.now() + MINUTE);
    await controller.tick();
  }
}

export function transitions(entries: readonly HistoryEntry[]): TransitionEntry[] {
  return entries.filter((entry): entry is TransitionEntry => entry.kind === 'transition');
}

export function canaryPlan(overrides: Partial<PlanInput> = {}): PlanInput {
  return {
    id: 'checkout-v2',
    flag: FLAG,
    stable: 'v1',
    canary: 'v2',
    strategy: 'canary',
    steps: [
      { weight: 5, hold: '5m' },
      { weight: 25, hold: '5m' },
      { weight: 50, hold: '5m' },
      { weight: 100 },
    ],
    analysis: { interval: '1m', minRequests: 100, compareLatency: { minRequests: 100 } },
    ...overrides,
  };
}

/**
 * Starts a canary whose error-rate check is critical (at most 5%, five failures allowed otherwise)
 * and feeds it one minute at 30% canary errors: the critical check alone rolls it back, on that tick.
 */
export async function failCriticalErrorRate(world: World, controller: RolloutController): Promise<void> {
  await controller.start(
    canaryPlan({
      analysis: {
        interval: '1m',
        minRequests: 100,
        maxErrorRate: 0.05,
        critical: ['errorRate'],
        consecutiveFailures: 5,
      },
    }),
  );
  await controller.tick();
  await world.minute(controller, { perMinute: 4000, canaryErrorRate: 0.3 });
}
