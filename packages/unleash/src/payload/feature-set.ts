import { InvalidConfigError } from '@rampkit/core';
import { checkEach, expectArray, expectRecord, get, type Issues } from '@rampkit/core/validation';
import { checkFeature, checkSegment } from './check-feature.js';
import { optionalField } from './shape.js';
import type { UnleashDeltaEvent, UnleashFeature, UnleashSegment } from './types.js';

/** The features and segments in force: what a payload, or a run of delta events, leaves behind. */
export interface FeatureSet {
  readonly features: ReadonlyMap<string, UnleashFeature>;
  readonly segments: ReadonlyMap<number, UnleashSegment>;
}

export const EMPTY_FEATURE_SET: FeatureSet = Object.freeze({ features: new Map(), segments: new Map() });

/**
 * Reads a `/client/features` payload (`{ features, segments? }`), which replaces everything, or a
 * delta payload (`{ events }`), whose events apply in order on top of `base`. The input is checked
 * whole before anything applies: on error nothing changes.
 * @throws InvalidConfigError naming the JSON path of every structural problem
 */
export function readFeatureSet(input: unknown, base: FeatureSet, source: string): FeatureSet {
  const issues: Issues = [];
  if (!expectRecord(input, '$', issues)) throw new InvalidConfigError(issues, source);
  if (Object.hasOwn(input, 'events')) {
    const events = get(input, 'events');
    if (expectArray(events, 'events', issues)) checkEach(events, 'events', issues, checkEvent);
    if (issues.length > 0) throw new InvalidConfigError(issues, source);
    return applyEvents(base, events as UnleashDeltaEvent[]);
  }
  const features = get(input, 'features');
  if (expectArray(features, 'features', issues)) checkEach(features, 'features', issues, checkFeature);
  const segments = optionalField(input, 'segments');
  if (segments !== undefined && expectArray(segments, 'segments', issues)) {
    checkEach(segments, 'segments', issues, checkSegment);
  }
  if (issues.length > 0) throw new InvalidConfigError(issues, source);
  return hydrate(features as UnleashFeature[], (segments ?? []) as UnleashSegment[]);
}

function hydrate(features: readonly UnleashFeature[], segments: readonly UnleashSegment[]): FeatureSet {
  return {
    features: new Map(features.map((feature) => [feature.name, feature])),
    segments: new Map(segments.map((segment) => [segment.id, segment])),
  };
}

/** Events apply in order; event types this version does not know are skipped, as Unleash's SDKs do. */
function applyEvents(base: FeatureSet, events: readonly UnleashDeltaEvent[]): FeatureSet {
  let features = new Map(base.features);
  let segments = new Map(base.segments);
  for (const event of events) {
    switch (event.type) {
      case 'hydration': {
        const next = hydrate(event.features, event.segments ?? []);
        features = new Map(next.features);
        segments = new Map(next.segments);
        break;
      }
      case 'feature-updated':
        features.set(event.feature.name, event.feature);
        break;
      case 'feature-removed':
        features.delete(event.featureName);
        break;
      case 'segment-updated':
        segments.set(event.segment.id, event.segment);
        break;
      case 'segment-removed':
        segments.delete(event.segmentId);
        break;
    }
  }
  return { features, segments };
}

function checkEvent(event: unknown, path: string, issues: Issues): void {
  if (!expectRecord(event, path, issues)) return;
  switch (get(event, 'type')) {
    case 'hydration': {
      const features = get(event, 'features');
      if (expectArray(features, `${path}.features`, issues)) {
        checkEach(features, `${path}.features`, issues, checkFeature);
      }
      const segments = optionalField(event, 'segments');
      if (segments !== undefined && expectArray(segments, `${path}.segments`, issues)) {
        checkEach(segments, `${path}.segments`, issues, checkSegment);
      }
      return;
    }
    case 'feature-updated':
      checkFeature(get(event, 'feature'), `${path}.feature`, issues);
      return;
    case 'feature-removed':
      if (typeof get(event, 'featureName') !== 'string') {
        issues.push({ path: `${path}.featureName`, message: 'must be the name of the removed feature' });
      }
      return;
    case 'segment-updated':
      checkSegment(get(event, 'segment'), `${path}.segment`, issues);
      return;
    case 'segment-removed':
      if (!Number.isFinite(get(event, 'segmentId'))) {
        issues.push({ path: `${path}.segmentId`, message: 'must be the id of the removed segment' });
      }
      return;
    default:
      if (typeof get(event, 'type') !== 'string') {
        issues.push({ path: `${path}.type`, message: 'must be the event type, e.g. "feature-updated"' });
      }
  }
}
