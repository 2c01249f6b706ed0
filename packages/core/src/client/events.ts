import type { EvaluationReason } from '../evaluation/result.js';
import type { TrackEvent } from '../experiments/types.js';

/** Emitted the first time a unit is served a variation of a flag version within the dedup window. */
export interface ExposureEvent {
  flagKey: string;
  variation: string;
  /** The unit id the flag buckets by (its `bucketBy` attribute); absent for anonymous contexts. */
  unit?: string;
  flagVersion: number;
  reason: EvaluationReason;
  inExperiment: boolean;
  /** Epoch milliseconds. */
  timestamp: number;
}

export interface ChangeEvent {
  /** Version of the snapshot now in force. */
  version: number;
  /** Keys of flags added, removed or changed by this snapshot. */
  changedKeys: string[];
}

/** The client's events; subscribe with `client.on(name, listener)`. */
export interface ClientEvents {
  /** The first configuration from the store is in force. */
  ready: [];
  /** A new configuration is in force. */
  change: [event: ChangeEvent];
  /** A unit was served a variation (deduplicated per unit, flag and version within a window). */
  exposure: [event: ExposureEvent];
  /** `track()` accepted an event (whether or not an experiment counts it). */
  track: [event: TrackEvent];
  /** Something went wrong off the request path (store outage, rejected configuration, failed flush).
   * Evaluation goes on with the last good configuration. */
  error: [error: Error];
  /** The store lost its connection: the configuration in force may be out of date. Evaluation
   * goes on with it. */
  stale: [];
  /** The store is connected again and the configuration in force is current. */
  fresh: [];
}
