import { type Dashboard, type DashboardOptions, startDashboard } from '@rampkit/cli';
import { type FlagDefinition, MemoryStore } from '@rampkit/core';
import { createRolloutController, type RolloutController } from '@rampkit/rollout';
import { canaryFlag, fastPlan } from './cli.js';
import { feedMetrics } from './synthetic-traffic.js';

export const HOSTILE_KEY = '<script>alert(1)</script>';

/** An A/B flag serving a split: what the weights form edits. */
export function splitFlag(key: string): FlagDefinition {
  return {
    key,
    variations: { control: 'monthly', treatment: 'annual' },
    offVariation: 'control',
    fallthrough: {
      split: {
        weights: [
          { variation: 'control', weight: 5000 },
          { variation: 'treatment', weight: 5000 },
        ],
      },
    },
  };
}

/**
 * A store with a canary flag, an A/B flag and a flag named like a script; a controller driving
 * every rollout in it (as an app would) and synthetic traffic; a dashboard on it.
 */
export class DashboardWorld {
  readonly store = new MemoryStore();
  /** Starts rollouts and reads them; drives nothing. */
  readonly controller: RolloutController;
  #driver: RolloutController | undefined;
  dashboard!: Dashboard;
  readonly #stops: Array<() => Promise<void>> = [];

  constructor() {
    this.controller = createRolloutController({ store: this.store, drive: false, instanceId: 'test-cli' });
  }

  /** A controller driving every rollout in the store from now on, as one in an app would. */
  drive(): void {
    this.#driver ??= createRolloutController({
      store: this.store,
      pollInterval: 200,
      instanceId: 'test-app',
    });
  }

  async start(options: Partial<DashboardOptions> = {}): Promise<this> {
    await this.store.writeConfig(
      {
        flags: [
          canaryFlag('checkout') as unknown as FlagDefinition,
          canaryFlag('billing') as unknown as FlagDefinition,
          canaryFlag('search') as unknown as FlagDefinition,
          canaryFlag('payments') as unknown as FlagDefinition,
          splitFlag('pricing'),
          { ...splitFlag(HOSTILE_KEY), description: '<img src=x onerror=alert(2)>' },
        ],
      },
      { expectedVersion: 0, audit: { actor: 'setup', action: 'flags.set' } },
    );
    this.dashboard = await startDashboard({
      store: this.store,
      storeName: 'memory',
      port: 0,
      pollMs: 200,
      localActor: 'dashboard:alice',
      ...options,
    });
    return this;
  }

  /** Starts a rollout (not yet driven) with an approval step between 10% and 50%, with traffic for its flag. */
  async rollout(id: string, flag: string, errorRates = { stable: 0.01, canary: 0.01 }): Promise<void> {
    const base = fastPlan(id, flag);
    await this.controller.start({
      ...base,
      steps: [{ weight: 10, hold: '1s' }, { approval: true }, { weight: 50, hold: '1s' }, { weight: 100 }],
    } as never);
    this.#stops.push(feedMetrics(this.store, flag, errorRates, { perTick: 60 }));
  }

  async close(): Promise<void> {
    for (const stop of this.#stops) await stop();
    await this.#driver?.close();
    await this.controller.close();
    await this.dashboard?.close();
  }
}
