import type { ExposureEvent, RampkitClient } from '@rampkit/core';
import {
  countEvaluations,
  countOutcomes,
  type EvaluationCounter,
  type OutcomeCounter,
} from '@rampkit/core/internal';
import { Counter, register as defaultRegistry, Gauge, type Registry } from 'prom-client';
import { type ArmCounters, ArmCounterTable } from './arm-counters.js';
import { DurationHistogram } from './duration-histogram.js';
import { invalidOption } from './errors.js';
import { DEFAULT_BUCKETS, DEFAULT_MAX_PAIRS, DEFAULT_PREFIX, SERIES } from './series.js';

export interface RampkitMetricsOptions {
  /** The registry the series are registered on. @default prom-client's default registry (`register`) */
  registry?: Registry;
  /** Prefix of every series name. @default 'rampkit_' */
  prefix?: string;
  /** Upper bounds of the request duration histogram, in seconds, increasing. @default 5 ms to 10 s (`DEFAULT_BUCKETS`) */
  buckets?: readonly number[];
  /**
   * Most (flag, variation) pairs given series; outcomes of pairs past it are counted in `dropped`
   * only. Pairs come from the flags configuration, so this is reached only by `client.record`
   * calls with made-up names. @default 1000
   */
  maxPairs?: number;
  /**
   * Count exposures (`rampkit_exposures_total`, registered only then). Off by default because
   * listening for exposures makes the client de-duplicate them per unit on every evaluation that
   * serves a variation, which costs a request more than the rest of the exporter together
   * (docs/monitoring.md, "Cost"). @default false
   */
  exposures?: boolean;
}

export interface RampkitMetrics {
  /** Removes the series from the registry and stops observing the client. Idempotent. */
  unregister(): void;
  /** Outcomes, evaluations and exposures not counted because `maxPairs` pairs already had series. */
  readonly dropped: number;
}

/**
 * Registers Rampkit's series for one client on a prom-client registry: per (flag, variation)
 * requests, errors, aborts and their duration (the middleware's own latency record, not a second
 * timer), evaluations and exposures, and the store's health. The request path only increments
 * numbers; prom-client reads them when Prometheus scrapes.
 *
 * @throws RampkitError `RAMPKIT_INVALID_ARGUMENT` naming the option that is wrong
 * @throws Error from prom-client when a series of the same name is already registered
 */
export function registerRampkitMetrics(
  client: RampkitClient,
  options: RampkitMetricsOptions = {},
): RampkitMetrics {
  const registry = options.registry ?? defaultRegistry;
  const prefix = checkPrefix(options.prefix ?? DEFAULT_PREFIX);
  const buckets = checkBuckets(options.buckets ?? DEFAULT_BUCKETS);
  const maxPairs = options.maxPairs ?? DEFAULT_MAX_PAIRS;
  if (!(Number.isInteger(maxPairs) && maxPairs > 0)) {
    throw invalidOption('maxPairs', `must be a positive integer, got ${String(maxPairs)}`);
  }
  const table = new ArmCounterTable(buckets, maxPairs);
  // Evaluations are counted by the client in slots of its compiled flags and read here when scraped
  // (a client of another copy of core is observed instead); opened once the series are registered.
  let evaluations: EvaluationCounter | undefined;
  // Read by the evaluations series (and `dropped`) only: the others need not see the pairs that were
  // evaluated but never recorded, and a reading goes over every flag of the configuration.
  const readEvaluations = () => {
    if (evaluations !== undefined) table.setEvaluations(evaluations.read());
  };
  // Outcomes likewise: the client counts them in cells of its own, with these buckets, where it has
  // found the pair already (a client of another copy of core is observed instead). Read by every
  // outcome series, so that each scrape shows them as of its own reading.
  let outcomes: OutcomeCounter | undefined;
  const readOutcomes = () => {
    if (outcomes !== undefined) table.setOutcomes(outcomes.read(), outcomes.dropped);
  };
  const arms = () => table.pairs();
  const outcomeArms = () => {
    readOutcomes();
    return table.pairs();
  };
  const registeredAt = Date.now();

  const countExposures = options.exposures ?? false;
  const names: string[] = [];
  const armCounter = (
    series: string,
    help: string,
    read: (arm: ArmCounters) => number,
    refresh?: () => void,
  ) => {
    const counter = new Counter({
      name: prefix + series,
      help,
      labelNames: ['flag', 'variation'] as const,
      registers: [registry],
      collect() {
        refresh?.();
        this.reset();
        for (const arm of arms()) this.inc({ flag: arm.flag, variation: arm.variation }, read(arm));
      },
    });
    names.push(prefix + series);
    return counter;
  };
  const storeGauge = (series: string, help: string, read: () => number) => {
    const gauge = new Gauge({
      name: prefix + series,
      help,
      registers: [registry],
      collect() {
        this.set(read());
      },
    });
    names.push(prefix + series);
    return gauge;
  };

  try {
    armCounter(
      SERIES.requests,
      'Requests the middleware served in a flag variation.',
      (a) => a.requests,
      readOutcomes,
    );
    armCounter(
      SERIES.requestErrors,
      "Responses counted as errors by the middleware's rule.",
      (a) => a.errors,
      readOutcomes,
    );
    armCounter(
      SERIES.requestAborts,
      'Requests the client aborted (neither successes nor errors).',
      (a) => a.aborts,
      readOutcomes,
    );
    new DurationHistogram(
      {
        name: prefix + SERIES.requestDuration,
        help: 'Request duration in a flag variation, as the middleware measured it.',
        buckets,
        registry,
      },
      outcomeArms,
    );
    names.push(prefix + SERIES.requestDuration);
    armCounter(
      SERIES.evaluations,
      'Evaluations that served a flag variation.',
      (a) => a.evaluations,
      readEvaluations,
    );
    if (countExposures) {
      armCounter(
        SERIES.exposures,
        'Exposures: a unit served a variation, once per de-duplication window.',
        (a) => a.exposures,
      );
    }
    storeGauge(
      SERIES.storeStale,
      '1 while the store reports the configuration in force may be out of date.',
      () => (client.isStale ? 1 : 0),
    );
    storeGauge(
      SERIES.storeLastSyncAge,
      'Seconds since the configuration in force was last known current (0 while in sync).',
      // Before the store's first configuration, the time since the exporter started waiting for it.
      () => (client.syncAgeMs ?? Math.max(0, Date.now() - registeredAt)) / 1000,
    );
    new Counter({
      name: prefix + SERIES.flushFailures,
      help: 'Metrics flushes the store refused or failed (their windows are kept for the next flush).',
      registers: [registry],
      collect() {
        this.reset();
        this.inc(client.metricsStats?.flushFailures ?? 0);
      },
    });
    names.push(prefix + SERIES.flushFailures);
  } catch (error) {
    // Only what this call registered: a name taken by another exporter stays theirs.
    for (const name of names) registry.removeSingleMetric(name);
    throw error;
  }

  outcomes = countOutcomes(client, { boundsMs: buckets.map((seconds) => seconds * 1000), maxPairs });
  const stopObservingOutcomes = outcomes === undefined ? client.observe(table) : outcomes.stop;
  evaluations = countEvaluations(client);
  const stopObservingEvaluations =
    evaluations === undefined
      ? client.observe({ evaluated: (result) => table.countEvaluation(result) })
      : evaluations.stop;
  const onExposure = (event: ExposureEvent) => {
    const arm = table.arm(event.flagKey, event.variation);
    if (arm !== undefined) arm.exposures += 1;
  };
  if (countExposures) client.on('exposure', onExposure);

  let registered = true;
  return {
    unregister() {
      if (!registered) return;
      registered = false;
      stopObservingOutcomes();
      stopObservingEvaluations();
      if (countExposures) client.off('exposure', onExposure);
      for (const name of names) registry.removeSingleMetric(name);
    },
    get dropped() {
      readEvaluations();
      readOutcomes();
      return table.dropped + table.droppedEvaluations + table.droppedOutcomes;
    },
  };
}

function checkPrefix(prefix: string): string {
  if (typeof prefix !== 'string' || !/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(prefix)) {
    throw invalidOption(
      'prefix',
      `must start a valid Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*), got ${JSON.stringify(prefix)}`,
    );
  }
  return prefix;
}

function checkBuckets(buckets: readonly number[]): readonly number[] {
  const ok =
    Array.isArray(buckets) &&
    buckets.length > 0 &&
    buckets.every(
      (b, i) => typeof b === 'number' && Number.isFinite(b) && b > 0 && (i === 0 || b > buckets[i - 1]!),
    );
  if (!ok) throw invalidOption('buckets', 'must be positive finite seconds in increasing order');
  return [...buckets];
}
