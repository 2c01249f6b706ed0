/**
 * What the sink records. These match @rampkit/core's client events field for field: `ExposureRecord`
 * is core's `ExposureEvent`, `TrackRecord` the `track` event's payload, so a client's events pass as
 * they are. `CovariateRecord` has no client event: the caller records it.
 */

/** A unit was served a variation of a flag (core's `ExposureEvent`). */
export interface ExposureRecord {
  /** The experiment: the flag's key. */
  flagKey: string;
  /** The arm: the variation served. */
  variation: string;
  /** The unit; exposures without one (anonymous contexts) are not recorded. */
  unit?: string;
  flagVersion: number;
  reason: string;
  /** Only exposures in an experiment are recorded. */
  inExperiment: boolean;
  /** Epoch milliseconds. */
  timestamp: number;
}

/** A unit did something a metric counts (the client's `track` event). */
export interface TrackRecord {
  /** The event's name: a metric's key, or a ratio metric's numerator or denominator. */
  metricKey: string;
  unit: string;
  /** What it adds to the unit's per-unit sum (1 for a plain conversion). */
  value: number;
  /** Epoch milliseconds. */
  timestamp: number;
}

/**
 * A CUPED covariate the caller supplies (`cuped: { covariate: 'supplied' }`): one unit's z for one
 * metric of one experiment, measured before the unit's exposure so the treatment cannot have moved it.
 * Units without one count with z = 0.
 */
export interface CovariateRecord {
  /** The experiment: the flag's key. */
  experiment: string;
  /** The metric's key in the experiment's definition. */
  metric: string;
  unit: string;
  /** z; the value recorded last for (experiment, metric, unit) replaces the ones before. */
  value: number;
}

/** The part of a Rampkit client `attach` needs: its event emitter. */
export interface RecordSource {
  on(event: 'exposure', listener: (event: ExposureRecord) => void): unknown;
  on(event: 'track', listener: (event: TrackRecord) => void): unknown;
  off(event: 'exposure', listener: (event: ExposureRecord) => void): unknown;
  off(event: 'track', listener: (event: TrackRecord) => void): unknown;
}
