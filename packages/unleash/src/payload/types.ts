/**
 * The shapes of Unleash's client API, as `GET /api/client/features` and the delta endpoint serve
 * them (unleash-server's OpenAPI `clientFeaturesSchema`, `clientFeaturesDeltaSchema`). Only the
 * fields that evaluation reads are typed; anything else in a payload is carried and ignored.
 */

/** A variant's payload: the value is always a string, `type` says how to read it. */
export interface UnleashVariantPayload {
  type: 'string' | 'json' | 'csv' | 'number' | (string & {});
  value: string;
}

/** Pins units to a variant: the first variant with an override matching the context wins. */
export interface UnleashOverride {
  contextName: string;
  values: string[];
}

/** One variant of a feature or of a strategy. */
export interface UnleashVariantDefinition {
  name: string;
  /** Integer weight; the chance of this variant is its weight over the sum of all weights. */
  weight: number;
  weightType?: 'variable' | 'fix' | (string & {});
  /** Context field to bucket by. @default 'default' (userId, then sessionId, then remoteAddress) */
  stickiness?: string;
  payload?: UnleashVariantPayload;
  overrides?: UnleashOverride[];
}

export interface UnleashConstraint {
  contextName: string;
  operator: string;
  /** Operands of list operators (IN, NOT_IN, STR_*, IN_CIDR). */
  values?: string[];
  /** Operand of single-value operators (NUM_*, DATE_*, SEMVER_*, REGEX). */
  value?: string | number;
  inverted?: boolean;
  caseInsensitive?: boolean;
}

export interface UnleashStrategy {
  name: string;
  parameters?: Record<string, string | number | boolean | null>;
  constraints?: UnleashConstraint[];
  /** Ids of segments whose constraints must also hold. */
  segments?: number[];
  variants?: UnleashVariantDefinition[];
  disabled?: boolean | null;
}

export interface UnleashDependency {
  feature: string;
  /** `false`: the parent must be off. @default true */
  enabled?: boolean;
  /** The parent must serve one of these variants (when non-empty). */
  variants?: string[];
}

export interface UnleashFeature {
  name: string;
  enabled: boolean;
  strategies?: UnleashStrategy[];
  variants?: UnleashVariantDefinition[] | null;
  dependencies?: UnleashDependency[];
  description?: string | null;
  type?: string;
  project?: string;
  stale?: boolean;
  impressionData?: boolean;
}

export interface UnleashSegment {
  id: number;
  name?: string;
  constraints: UnleashConstraint[];
}

/** The response of `GET /api/client/features`. */
export interface UnleashPayload {
  version?: number;
  features: UnleashFeature[];
  segments?: UnleashSegment[];
}

/** One event of the delta API (`GET /api/client/delta`). */
export type UnleashDeltaEvent =
  | { type: 'hydration'; eventId: number; features: UnleashFeature[]; segments?: UnleashSegment[] }
  | { type: 'feature-updated'; eventId: number; feature: UnleashFeature }
  | { type: 'feature-removed'; eventId: number; featureName: string; project?: string }
  | { type: 'segment-updated'; eventId: number; segment: UnleashSegment }
  | { type: 'segment-removed'; eventId: number; segmentId: number };

/** The response of the delta endpoint: events to apply in order. */
export interface UnleashDeltaPayload {
  events: UnleashDeltaEvent[];
}
