import { register as defaultRegistry, Gauge, type Registry } from 'prom-client';
import { invalidOption } from './errors.js';
import { DEFAULT_PREFIX, SERIES } from './series.js';

/**
 * What the rollout gauges read of a rollout: the fields of `@rampkit/rollout`'s `RolloutStatus`
 * they need, so `controller.list()` can be passed as it is.
 */
export interface RolloutGaugeStatus {
  id: string;
  flag: string;
  status: string;
  phase: string;
  step: { index: number };
  /** Canary share in percent in force. */
  weight: number;
  lastVerdict?: { status: string } | undefined;
}

export interface RolloutMetricsOptions {
  /** The rollouts to report, read when Prometheus scrapes (`() => controller.list()`). */
  read: () => readonly RolloutGaugeStatus[] | Promise<readonly RolloutGaugeStatus[]>;
  /** The registry the series are registered on. @default prom-client's default registry (`register`) */
  registry?: Registry;
  /** Prefix of every series name. @default 'rampkit_' */
  prefix?: string;
}

/**
 * Every phase `rampkit_rollout_phase` reports, one series each (1 for the rollout's, 0 for the
 * others): a live rollout's step phases, `paused` while it is paused, and how it ended.
 */
export const ROLLOUT_PHASES = [
  'entering',
  'holding',
  'approval',
  'paused',
  'promoted',
  'rolledBack',
  'aborted',
] as const;

/** Every verdict `rampkit_rollout_last_verdict` reports. */
export const ROLLOUT_VERDICTS = ['pass', 'fail', 'inconclusive'] as const;

/**
 * Registers the rollout gauges for a controller (or anything that lists rollouts): each rollout's
 * canary weight, step, phase and last verdict, labelled by flag and rollout id. `read` runs once
 * per scrape, shared by the four gauges.
 *
 * @throws RampkitError `RAMPKIT_INVALID_ARGUMENT` when `read` is not a function or the prefix is not a metric name
 */
export function registerRolloutMetrics(options: RolloutMetricsOptions): { unregister(): void } {
  const where = 'registerRolloutMetrics';
  if (typeof options?.read !== 'function')
    throw invalidOption('read', 'must be a function returning rollouts', where);
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  if (typeof prefix !== 'string' || !/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(prefix)) {
    throw invalidOption(
      'prefix',
      `must start a valid Prometheus metric name, got ${JSON.stringify(prefix)}`,
      where,
    );
  }
  const registry = options.registry ?? defaultRegistry;
  // One read serves the four gauges of a scrape: a registry starts collecting every metric in one
  // synchronous pass, so a read shared until the next microtask is shared by that scrape only.
  let shared: Promise<readonly RolloutGaugeStatus[]> | undefined;
  const rollouts = (): Promise<readonly RolloutGaugeStatus[]> => {
    if (shared === undefined) {
      shared = Promise.resolve().then(options.read);
      queueMicrotask(() => {
        shared = undefined;
      });
    }
    return shared;
  };

  const names: string[] = [];
  const gauge = (
    series: string,
    help: string,
    labelNames: string[],
    fill: (g: Gauge, r: RolloutGaugeStatus) => void,
  ) => {
    const created = new Gauge({
      name: prefix + series,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        this.reset();
        for (const rollout of await rollouts()) fill(this, rollout);
      },
    });
    names.push(prefix + series);
    return created;
  };
  const ids = (r: RolloutGaugeStatus) => ({ flag: r.flag, rollout: r.id });
  try {
    gauge(
      SERIES.rolloutWeight,
      'Canary weight of the rollout, in percent (0..100).',
      ['flag', 'rollout'],
      (g, r) => g.set(ids(r), r.weight),
    );
    gauge(
      SERIES.rolloutStep,
      'Index of the rollout step in force (-1 before the first).',
      ['flag', 'rollout'],
      (g, r) => g.set(ids(r), r.step.index),
    );
    gauge(
      SERIES.rolloutPhase,
      'Phase of the rollout: 1 for the current one, 0 for the others.',
      ['flag', 'rollout', 'phase'],
      (g, r) => {
        const current = r.status === 'paused' ? 'paused' : r.phase;
        for (const phase of ROLLOUT_PHASES) g.set({ ...ids(r), phase }, phase === current ? 1 : 0);
      },
    );
    gauge(
      SERIES.rolloutLastVerdict,
      "The rollout's last analysis verdict: 1 for it, 0 for the others (all 0 before the first).",
      ['flag', 'rollout', 'verdict'],
      (g, r) => {
        for (const verdict of ROLLOUT_VERDICTS)
          g.set({ ...ids(r), verdict }, r.lastVerdict?.status === verdict ? 1 : 0);
      },
    );
  } catch (error) {
    for (const name of names) registry.removeSingleMetric(name);
    throw error;
  }
  let registered = true;
  return {
    unregister() {
      if (!registered) return;
      registered = false;
      for (const name of names) registry.removeSingleMetric(name);
    },
  };
}
