import type { TrackingEventDetails } from '@openfeature/server-sdk';
import type { Outcome, RampkitClient, EvaluationContext as RampkitContext } from '@rampkit/core';

/**
 * Tracking event names that count as a Rampkit outcome, and which outcome. Other names are not
 * Rampkit metrics and are ignored.
 */
export const DEFAULT_TRACKING_EVENTS: Readonly<Record<string, Outcome>> = Object.freeze({
  request: Object.freeze({}),
  error: Object.freeze({ error: true }),
  aborted: Object.freeze({ aborted: true }),
});

/**
 * Records one tracking event as an outcome (`client.record`) of the arms the unit is in:
 * - `details.flagKey` names one flag; its arm is `details.variation` when given, else the
 *   variation the context is served (deterministic bucketing makes the two the same);
 * - without a flag key, every tracked flag (`isTrackedFlag`: `track: true`, or a canary without
 *   `track: false`) the context is served.
 * `details.latencyMs`, when a number, is the outcome's latency.
 */
export function recordTracking(
  client: RampkitClient,
  outcome: Outcome,
  context: RampkitContext,
  details: TrackingEventDetails,
): void {
  const latencyMs = details.latencyMs;
  const measured =
    typeof latencyMs === 'number' && Number.isFinite(latencyMs) ? { ...outcome, latencyMs } : outcome;
  const flagKey = details.flagKey;
  if (typeof flagKey === 'string') {
    const variation =
      typeof details.variation === 'string' ? details.variation : client.variation(flagKey, context);
    if (variation !== undefined) client.record(flagKey, variation, measured);
    return;
  }
  const served = client.allFlags(context);
  for (const key of Object.keys(served)) {
    const variation = served[key]?.variation;
    if (variation !== undefined && client.isTracked(key)) client.record(key, variation, measured);
  }
}

/**
 * Tracks an event of an experiment metric named by the event: its value is `details.value` when a
 * number, else 1 (`client.track` reports a value that is not finite as an `error` event).
 */
export function trackMetric(
  client: RampkitClient,
  metricKey: string,
  context: RampkitContext,
  details: TrackingEventDetails,
): void {
  const value = details.value;
  client.track(metricKey, context, typeof value === 'number' ? value : 1);
}
