/** One call of `client.track`, as the client's `track` event reports it (for warehouse sinks). */
export interface TrackEvent {
  metricKey: string;
  /** The unit the event belongs to: the context's id under the experiments' `bucketBy` attribute. */
  unit: string;
  value: number;
  /** Epoch milliseconds. */
  timestamp: number;
}

/** A unit's exposure to an experiment (a flag served by a split), as written to the store. */
export interface ExperimentExposure {
  /** The flag's key: an experiment is named after its flag. */
  experimentKey: string;
  unit: string;
  arm: string;
  /** Epoch milliseconds. */
  exposedAt: number;
}

/**
 * What a unit's events of one metric added, attributed to the arm it was exposed to: `count` events
 * whose values sum to `sum`.
 */
export interface UnitMetricIncrement {
  experimentKey: string;
  arm: string;
  unit: string;
  metricKey: string;
  count: number;
  sum: number;
}

/** One flush of the tracker: exposures first, then increments, applied together. */
export interface ExperimentDataBatch {
  /**
   * Names this batch across retries: a store that may have applied a write whose reply was lost
   * applies a batch with the same id once only. Unique per process (random prefix).
   */
  writeId: string;
  exposures: ExperimentExposure[];
  increments: UnitMetricIncrement[];
}

/** A unit's totals of one metric: its event count and the sum of their values. */
export interface UnitMetricTotals {
  count: number;
  sum: number;
}

/** One exposed unit of an experiment, as stored: its first exposure and its attributed totals. */
export interface ExperimentUnitRow {
  unit: string;
  arm: string;
  exposedAt: number;
  /** By metric key; metrics the unit has no event of are absent. */
  metrics: Record<string, UnitMetricTotals>;
}
