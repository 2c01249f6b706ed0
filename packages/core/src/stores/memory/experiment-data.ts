import { acceptsIncrement, firstExposure } from '../../experiments/attribution.js';
import type {
  ExperimentDataBatch,
  ExperimentExposure,
  ExperimentUnitRow,
  UnitMetricTotals,
} from '../../experiments/types.js';

/** Most metrics kept per (experiment, unit); increments of further metrics are ignored. */
export const MAX_METRICS_PER_UNIT = 64;

/** Write ids remembered: a retry follows its failed write within minutes, not thousands of flushes. */
const MAX_APPLIED_IDS = 10_000;

interface StoredUnit {
  exposure: ExperimentExposure;
  metrics: Map<string, UnitMetricTotals>;
}

interface StoredExperiment {
  units: Map<string, StoredUnit>;
  lastWriteAt: number;
}

/**
 * Experiments' exposures and per-unit totals in memory. Per unit: its first exposure and, per metric,
 * two numbers (count, sum) for at most MAX_METRICS_PER_UNIT metrics. An experiment not written for
 * `retentionMs` is dropped on the next write; the last MAX_APPLIED_IDS write ids are remembered.
 */
export class ExperimentDataTable {
  readonly #retentionMs: number;
  readonly #experiments = new Map<string, StoredExperiment>();
  /** writeId → when it was applied. */
  readonly #applied = new Map<string, number>();

  constructor(retentionMs: number) {
    this.#retentionMs = retentionMs;
  }

  write(batch: ExperimentDataBatch, now: number): void {
    this.#prune(now - this.#retentionMs);
    if (this.#applied.has(batch.writeId)) return;
    this.#applied.set(batch.writeId, now);
    if (this.#applied.size > MAX_APPLIED_IDS) this.#applied.delete(this.#applied.keys().next().value!);
    for (const exposure of batch.exposures) {
      const experiment = this.#experiment(exposure.experimentKey, now);
      const known = experiment.units.get(exposure.unit);
      const first = firstExposure(known?.exposure, { ...exposure });
      if (known === undefined) experiment.units.set(exposure.unit, { exposure: first, metrics: new Map() });
      else known.exposure = first;
    }
    for (const increment of batch.increments) {
      const experiment = this.#experiments.get(increment.experimentKey);
      const stored = experiment?.units.get(increment.unit);
      if (stored === undefined || !acceptsIncrement(stored.exposure, increment.arm)) continue;
      experiment!.lastWriteAt = now;
      const totals = stored.metrics.get(increment.metricKey);
      if (totals !== undefined) {
        totals.count += increment.count;
        totals.sum += increment.sum;
      } else if (stored.metrics.size < MAX_METRICS_PER_UNIT) {
        stored.metrics.set(increment.metricKey, { count: increment.count, sum: increment.sum });
      }
    }
  }

  read(experimentKey: string): ExperimentUnitRow[] {
    const experiment = this.#experiments.get(experimentKey);
    if (experiment === undefined) return [];
    const rows: ExperimentUnitRow[] = [];
    for (const [unit, stored] of experiment.units) {
      const metrics: Record<string, UnitMetricTotals> = {};
      for (const [key, totals] of stored.metrics) metrics[key] = { ...totals };
      rows.push({ unit, arm: stored.exposure.arm, exposedAt: stored.exposure.exposedAt, metrics });
    }
    return rows;
  }

  #experiment(key: string, now: number): StoredExperiment {
    let experiment = this.#experiments.get(key);
    if (experiment === undefined) {
      experiment = { units: new Map(), lastWriteAt: now };
      this.#experiments.set(key, experiment);
    }
    experiment.lastWriteAt = now;
    return experiment;
  }

  #prune(cutoff: number): void {
    for (const [key, experiment] of this.#experiments) {
      if (experiment.lastWriteAt < cutoff) this.#experiments.delete(key);
    }
    for (const [writeId, appliedAt] of this.#applied) {
      if (appliedAt >= cutoff) break;
      this.#applied.delete(writeId);
    }
  }
}
